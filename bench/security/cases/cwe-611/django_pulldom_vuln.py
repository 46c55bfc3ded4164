"""Django: xml.dom.pulldom with a SAX parser that loads external entities, over the request body; vulnerable."""
from xml.dom import pulldom
from xml.sax import make_parser
from xml.sax.handler import feature_external_ges

from django.http import JsonResponse


def import_contacts(request):
    sax = make_parser()
    sax.setFeature(feature_external_ges, True)
    events = pulldom.parseString(request.body.decode("utf-8"), parser=sax)
    names = []
    for event, node in events:
        if event == pulldom.START_ELEMENT and node.tagName == "name":
            events.expandNode(node)
            names.append(node.firstChild.data if node.firstChild else "")
    return JsonResponse({"names": names})
