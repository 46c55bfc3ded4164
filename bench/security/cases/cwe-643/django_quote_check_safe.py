"""Django: a POSTed sku containing either quote character is refused before the XPath; safe."""
from django.http import HttpResponseBadRequest, JsonResponse
from lxml import etree

TREE = etree.parse("/srv/data/inventory.xml")


def stock(request):
    sku = request.POST.get("sku", "")
    if any(q in sku for q in ("'", '"')):
        return HttpResponseBadRequest("invalid sku")
    qty = TREE.xpath(f"sum(//item[@sku='{sku}']/@qty)")
    return JsonResponse({"qty": qty})
