"""Django: the employee number is converted with int() before it enters the filter; safe."""
from django.http import JsonResponse
from ldap3 import Connection, Server

SERVER = Server("ldaps://ldap.example.com")


def employee(request, number):
    num = int(number)
    with Connection(SERVER, auto_bind=True) as conn:
        conn.search("dc=example,dc=com", f"(employeeNumber={num})", attributes=["cn"])
        return JsonResponse({"names": [str(e.cn) for e in conn.entries]})
