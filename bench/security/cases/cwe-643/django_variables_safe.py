"""Django: the login passed as an XPath variable to xpath(); safe."""
from django.http import JsonResponse
from lxml import etree

DOC = etree.parse("/srv/data/employees.xml")


def employee_phone(request):
    login = request.GET["login"]
    phones = DOC.xpath("/staff/employee[login=$login]/phone/text()", login=login)
    return JsonResponse({"phones": phones})
