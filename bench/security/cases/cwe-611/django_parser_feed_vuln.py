"""Django: upload chunks fed to an entity-resolving lxml XMLParser; vulnerable."""
from django.http import JsonResponse
from lxml import etree


def import_feed(request):
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    for chunk in request.FILES["feed"].chunks():
        parser.feed(chunk)
    root = parser.close()
    return JsonResponse({"entries": len(root)})
