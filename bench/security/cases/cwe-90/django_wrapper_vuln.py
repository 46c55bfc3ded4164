"""Django: a wrapper returns a POST value; the caller builds an LDAP filter from it; vulnerable."""
import ldap
from django.http import HttpResponse


def posted(request, name):
    return request.POST.get(name, "").strip()


def reset_password(request):
    account = posted(request, "account")
    conn = ldap.initialize("ldap://ldap.example.com")
    found = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(sAMAccountName={account})", ["mail"])
    return HttpResponse("sent" if found else "unknown account")
