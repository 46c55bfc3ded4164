"""Django: the year is converted with int() before being formatted into the XPath; safe."""
from django.http import JsonResponse
from lxml import etree

TREE = etree.parse("/srv/data/licenses.xml")


def licenses_for_year(request):
    year = int(request.GET.get("year", "2024"))
    return JsonResponse({"count": TREE.xpath("count(//license[@year=%d])" % year)})
