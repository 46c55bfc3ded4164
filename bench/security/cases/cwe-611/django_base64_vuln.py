"""Django: a base64 SAML response decoded and parsed with an entity-resolving lxml parser; vulnerable."""
import base64

from django.http import HttpResponse
from lxml import etree

PARSER = etree.XMLParser(resolve_entities=True, no_network=False)


def saml_acs(request):
    saml = base64.b64decode(request.POST["SAMLResponse"])
    doc = etree.fromstring(saml, PARSER)
    issuer = doc.findtext(".//{urn:oasis:names:tc:SAML:2.0:assertion}Issuer")
    return HttpResponse(f"issuer ok: {bool(issuer)}")
