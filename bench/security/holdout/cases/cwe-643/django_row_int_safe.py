"""Django: row index converted with int() before being placed in the positional xpath predicate; safe."""
from django.http import HttpResponseBadRequest, JsonResponse
from lxml import etree

TABLE = etree.parse("/srv/data/table.xml")


def row(request):
    try:
        idx = int(request.GET.get("row", "1"))
    except ValueError:
        return HttpResponseBadRequest("row must be a number")
    cells = TABLE.xpath("//row[%d]/cell/text()" % idx)
    return JsonResponse({"cells": [str(c) for c in cells]})
