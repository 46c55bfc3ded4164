"""Django: an XPathEvaluator called with a POST value formatted into the expression; vulnerable."""
from django.http import JsonResponse
from lxml import etree

TREE = etree.parse("/srv/data/inventory.xml")


def stock(request):
    evaluate = etree.XPathEvaluator(TREE)
    sku = request.POST.get("sku", "")
    qty = evaluate(f"sum(//item[@sku='{sku}']/@qty)")
    return JsonResponse({"qty": qty})
