"""Django: the body parsed with defusedxml.pulldom; safe."""
from defusedxml import pulldom
from django.http import JsonResponse


def import_contacts(request):
    events = pulldom.parseString(request.body.decode("utf-8"))
    names = 0
    for event, node in events:
        if event == pulldom.START_ELEMENT and node.tagName == "name":
            names += 1
    return JsonResponse({"names": names})
