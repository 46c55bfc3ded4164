"""Django: a dict keeps the GET value and a constant expression; xpath() reads the constant key; safe."""
from django.http import JsonResponse
from lxml import etree

ORDERS = etree.parse("/srv/data/orders.xml")


def open_orders(request):
    ctx = {"note": request.GET.get("note", ""), "expr": "//order[@status='open']/@id"}
    return JsonResponse({"open": ORDERS.xpath(ctx["expr"]), "note": ctx["note"]})
