"""Django: uploaded XML file parsed by lxml with resolve_entities=True and DTD loading; vulnerable."""
from django.http import JsonResponse
from lxml import etree


def upload_invoice(request):
    upload = request.FILES["invoice"]
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    tree = etree.parse(upload, parser)
    total = tree.getroot().findtext("total")
    return JsonResponse({"total": total})
