"""Django: request.body parsed by lxml.etree.XML with an entity-resolving parser; vulnerable."""
from django.http import JsonResponse
from lxml import etree


def soap_endpoint(request):
    parser = etree.XMLParser(resolve_entities=True, no_network=False, huge_tree=True)
    envelope = etree.XML(request.body, parser)
    action = envelope.find(".//{*}Body")[0].tag
    return JsonResponse({"action": action})
