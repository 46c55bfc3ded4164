"""Django: a dict holds the user value and a constant filter; search_s reads the constant key; safe."""
import ldap
from django.http import JsonResponse


def audit_lookup(request):
    query = {"requested_by": request.GET.get("who", ""), "filter": "(objectClass=auditor)"}
    conn = ldap.initialize("ldap://ldap.example.com")
    rows = conn.search_s("ou=roles,dc=example,dc=com", ldap.SCOPE_SUBTREE, query["filter"])
    return JsonResponse({"auditors": len(rows), "requested_by": query["requested_by"]})
