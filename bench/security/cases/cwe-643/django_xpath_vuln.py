"""Django: a GET parameter concatenated into an xpath() over an XML document; vulnerable."""
from django.http import JsonResponse
from lxml import etree

DOC = etree.parse("/srv/data/employees.xml")


def employee_phone(request):
    login = request.GET["login"]
    phones = DOC.xpath("/staff/employee[login='" + login + "']/phone/text()")
    return JsonResponse({"phones": phones})
