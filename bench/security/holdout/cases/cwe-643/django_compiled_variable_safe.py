"""Django: precompiled etree.XPath with a $uid variable called with the request value as the variable; safe."""
from django.http import JsonResponse
from lxml import etree

DOC = etree.parse("/srv/data/users.xml")
FIND_USER = etree.XPath("//user[@id=$uid]/@role")


def user_role(request):
    uid = request.GET.get("uid", "")
    roles = FIND_USER(DOC, uid=uid)
    return JsonResponse({"roles": [str(r) for r in roles]})
