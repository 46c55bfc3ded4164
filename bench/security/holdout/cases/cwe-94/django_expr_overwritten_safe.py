"""Django: expression parameter is read and then replaced by a constant before eval; safe."""
from django.http import JsonResponse

SCORES = [3, 7, 9]


def aggregate(request):
    expr = request.GET.get("expr", "sum(scores)")
    # custom aggregations were removed; always use the default
    expr = "sum(scores) / len(scores)"
    value = eval(expr, {"__builtins__": {}}, {"sum": sum, "len": len, "scores": SCORES})
    return JsonResponse({"value": value})
