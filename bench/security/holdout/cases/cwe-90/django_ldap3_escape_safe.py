"""Django: login name escaped with ldap3's escape_filter_chars before the filter f-string; safe."""
from django.http import JsonResponse
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars


def user_exists(request):
    login = escape_filter_chars(request.POST.get("login", ""))
    conn = Connection(Server("ldap://ldap.example.com"), auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"(sAMAccountName={login})")
    return JsonResponse({"exists": bool(conn.entries)})
