"""Django: a GET parameter concatenated into a python-ldap filter; vulnerable."""
import ldap
from django.http import JsonResponse


def phone_book(request):
    last = request.GET.get("last_name", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    entries = conn.search_s("ou=staff,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(sn=" + last + "*)")
    return JsonResponse({"count": len(entries)})
