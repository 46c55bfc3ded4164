"""Django: escape_filter_chars on the GET value before concatenating the filter; safe."""
import ldap
from django.http import JsonResponse
from ldap.filter import escape_filter_chars


def phone_book(request):
    last = escape_filter_chars(request.GET.get("last_name", ""))
    conn = ldap.initialize("ldap://ldap.example.com")
    entries = conn.search_s("ou=staff,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(sn=" + last + "*)")
    return JsonResponse({"count": len(entries)})
