"""Django: department from a same-file helper built into an expression run by an XPathEvaluator; vulnerable."""
from django.http import JsonResponse
from lxml import etree

DOC = etree.parse("/srv/data/org.xml")


def _department(request):
    return request.POST.get("dept", "sales")


def department_members(request):
    evaluator = etree.XPathEvaluator(DOC)
    expr = "//dept[@name='{}']/member/@name".format(_department(request))
    return JsonResponse({"members": [str(m) for m in evaluator(expr)]})
