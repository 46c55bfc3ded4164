"""Django: stdlib xml.etree.ElementTree never loads external entities (and expat >= 2.4.1 caps expansion); safe."""
import xml.etree.ElementTree as ET

from django.http import JsonResponse


def import_contacts(request):
    root = ET.fromstring(request.body)
    return JsonResponse({"names": [n.text for n in root.iter("name")]})
