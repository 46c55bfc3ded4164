"""Django: the entity-resolving parse is in a constant-false branch; the live path uses defusedxml; safe."""
import defusedxml.ElementTree as SafeET
from django.http import HttpResponse
from lxml import etree

ACCEPT_DTDS = False


def saml_acs(request):
    data = request.POST["SAMLResponse"].encode()
    if ACCEPT_DTDS:
        doc = etree.fromstring(data, etree.XMLParser(resolve_entities=True, load_dtd=True))
    else:
        doc = SafeET.fromstring(data)
    return HttpResponse(f"root: {doc.tag}")
