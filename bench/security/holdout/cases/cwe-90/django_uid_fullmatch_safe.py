"""Django: uid must fully match a restricted regular expression, else 400, before the %-formatted filter; safe."""
import re

import ldap
from django.http import HttpResponseBadRequest, JsonResponse

UID_RE = re.compile(r"[a-z0-9._-]{1,32}")


def uid_info(request):
    uid = request.GET.get("uid", "")
    if not UID_RE.fullmatch(uid):
        return HttpResponseBadRequest("invalid uid")
    conn = ldap.initialize("ldap://ldap.example.com")
    res = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=%s)" % uid)
    return JsonResponse({"count": len(res)})
