"""Django: the uid must fully match [a-z0-9._-]+ (else 400) before it is put in the filter; safe."""
import re

import ldap
from django.http import HttpResponseBadRequest, JsonResponse


def mail_of(request):
    uid = request.GET.get("uid", "")
    if not re.fullmatch(r"[a-z0-9._-]+", uid):
        return HttpResponseBadRequest("invalid uid")
    conn = ldap.initialize("ldap://ldap.example.com")
    rows = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")", ["mail"])
    return JsonResponse({"found": len(rows)})
