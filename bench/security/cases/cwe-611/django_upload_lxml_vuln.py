"""Django: an uploaded XML file parsed by lxml with load_dtd and resolve_entities; vulnerable."""
from django.http import JsonResponse
from lxml import etree


def upload_catalog(request):
    upload = request.FILES["catalog"]
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True)
    tree = etree.parse(upload, parser)
    return JsonResponse({"products": len(tree.getroot())})
