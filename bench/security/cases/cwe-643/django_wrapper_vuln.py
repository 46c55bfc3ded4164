"""Django: a wrapper returns a POST field; the view puts it into an XPath; vulnerable."""
from django.http import JsonResponse
from lxml import etree

TREE = etree.parse("/srv/data/licenses.xml")


def submitted_key(request):
    return request.POST.get("license_key", "").strip()


def check_license(request):
    key = submitted_key(request)
    valid = TREE.xpath("count(//license[@key='" + key + "' and @active='true']) > 0")
    return JsonResponse({"valid": bool(valid)})
