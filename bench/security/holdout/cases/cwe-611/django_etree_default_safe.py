"""Django: request body parsed with stdlib xml.etree.ElementTree, which does not fetch external entities; safe."""
import xml.etree.ElementTree as ET

from django.http import JsonResponse


def sitemap_count(request):
    root = ET.fromstring(request.body)
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return JsonResponse({"urls": len(root.findall("sm:url", ns))})
