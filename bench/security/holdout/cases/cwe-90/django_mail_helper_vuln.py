"""Django: e-mail from a same-file helper placed in an ldap3 search filter f-string; vulnerable."""
from django.http import JsonResponse
from ldap3 import Connection, Server

LDAP = Server("ldaps://ldap.example.com")


def _posted_mail(request):
    return request.POST.get("mail", "").strip()


def lookup_by_mail(request):
    mail = _posted_mail(request)
    conn = Connection(LDAP, user="cn=reader,dc=example,dc=com", password="x", auto_bind=True)
    conn.search("dc=example,dc=com", f"(mail={mail})", attributes=["uid"])
    return JsonResponse({"found": bool(conn.entries)})
