"""Django: surname appended with += into a python-ldap filter assembled over several statements; vulnerable."""
import ldap
from django.http import JsonResponse


def search_staff(request):
    sn = request.GET.get("sn", "")
    flt = "(&(objectClass=person)"
    flt += "(employeeType=staff)"
    flt += f"(sn={sn})"
    flt += ")"
    conn = ldap.initialize("ldap://ldap.example.com")
    res = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, flt)
    return JsonResponse({"count": len(res)})
