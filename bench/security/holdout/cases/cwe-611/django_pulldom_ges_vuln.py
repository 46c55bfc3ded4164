"""Django: pulldom parses the request body with a sax parser whose external general entities feature is on; vulnerable."""
from xml.dom import pulldom
from xml.sax import make_parser
from xml.sax.handler import feature_external_ges

from django.http import JsonResponse


def import_contacts(request):
    parser = make_parser()
    parser.setFeature(feature_external_ges, True)
    events = pulldom.parseString(request.body.decode("utf-8"), parser=parser)
    names = []
    for event, node in events:
        if event == pulldom.START_ELEMENT and node.tagName == "name":
            events.expandNode(node)
            names.append(node.toxml())
    return JsonResponse({"names": names})
