"""Django: posted XML parsed with minidom and its default parser, which does not load external entities; safe."""
from xml.dom import minidom

from django.http import JsonResponse


def parse_profile(request):
    doc = minidom.parseString(request.POST.get("xml", "<profile/>"))
    names = [n.firstChild.data for n in doc.getElementsByTagName("name") if n.firstChild]
    return JsonResponse({"names": names})
