"""Django: SKU %-formatted into an xpath() price query; vulnerable."""
from django.http import JsonResponse
from lxml import etree

PRICES = etree.parse("/srv/data/prices.xml")


def price(request):
    sku = request.GET.get("sku", "")
    result = PRICES.xpath("//item[@sku='%s']/price/text()" % sku)
    return JsonResponse({"prices": [str(p) for p in result]})
