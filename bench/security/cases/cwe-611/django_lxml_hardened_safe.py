"""Django: an uploaded file parsed by lxml with entity resolution and network access disabled; safe."""
from django.http import JsonResponse
from lxml import etree


def upload_catalog(request):
    upload = request.FILES["catalog"]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.parse(upload, parser)
    return JsonResponse({"products": len(tree.getroot())})
