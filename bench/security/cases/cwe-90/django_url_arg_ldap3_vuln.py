"""Django: a URL argument in an ldap3 search filter; vulnerable."""
from django.http import JsonResponse
from ldap3 import Connection, Server

SERVER = Server("ldaps://ldap.example.com")


def department(request, dept):
    with Connection(SERVER, auto_bind=True) as conn:
        conn.search("dc=example,dc=com", "(departmentNumber=%s)" % dept, attributes=["cn"])
        names = [str(e.cn) for e in conn.entries]
    return JsonResponse({"people": names})
