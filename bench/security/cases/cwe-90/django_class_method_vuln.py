"""Django: a directory class formats its uid argument into the filter; the view passes a GET value; vulnerable."""
import ldap
from django.http import JsonResponse


class Directory:
    base = "ou=people,dc=example,dc=com"

    def __init__(self):
        self.conn = ldap.initialize("ldap://ldap.example.com")

    def find(self, uid):
        return self.conn.search_s(self.base, ldap.SCOPE_SUBTREE, "(uid=%s)" % uid, ["mail"])


def mail_of(request):
    rows = Directory().find(request.GET["uid"])
    return JsonResponse({"mail": [r[1]["mail"][0].decode() for r in rows]})
