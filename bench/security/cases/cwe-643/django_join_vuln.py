"""Django: ids from getlist() joined into an `or` XPath predicate; vulnerable."""
from django.http import JsonResponse
from lxml import etree

ORDERS = etree.parse("/srv/data/orders.xml")


def orders(request):
    ids = request.GET.getlist("id")
    predicate = " or ".join("@id='" + i + "'" for i in ids)
    found = ORDERS.xpath("//order[" + predicate + "]") if ids else []
    return JsonResponse({"found": [o.get("id") for o in found]})
