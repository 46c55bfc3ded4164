"""Django: request.body parsed with defusedxml.ElementTree.fromstring; safe."""
import defusedxml.ElementTree as ET
from django.http import JsonResponse


def soap_endpoint(request):
    envelope = ET.fromstring(request.body)
    body = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    return JsonResponse({"action": body[0].tag if body is not None and len(body) else None})
