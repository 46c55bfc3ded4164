"""Django: the filter built from POST data is used only in a constant-false branch; safe."""
import ldap
from django.http import HttpResponse

WILDCARD_SEARCH = 7 * 3 > 200


def reset_password(request):
    account = request.POST.get("account", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    if 7 * 3 > 200:
        conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(sAMAccountName=" + account + ")")
    found = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(objectClass=helpdeskQueue)")
    return HttpResponse("queued" if found else "no queue")
