"""Django: several uids from getlist() joined into an OR filter; vulnerable."""
import ldap
from django.http import JsonResponse


def members(request):
    uids = request.GET.getlist("uid")
    ldap_filter = "(|" + "".join(["(uid=%s)" % u for u in uids]) + ")"
    conn = ldap.initialize("ldap://ldap.example.com")
    rows = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, ldap_filter, ["cn"])
    return JsonResponse({"members": [r[1].get("cn", [b""])[0].decode() for r in rows]})
