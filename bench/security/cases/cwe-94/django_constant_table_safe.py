"""Django: the user picks a formula by name from a constant table; only table values are eval()ed; safe."""
from django.http import Http404, JsonResponse

FORMULAS = {
    "vat": "net * 1.25",
    "discount": "net * 0.9",
    "shipping": "net + 4.5",
}


def price(request):
    name = request.GET.get("formula", "vat")
    if name not in FORMULAS:
        raise Http404("unknown formula")
    net = float(request.GET.get("net", "0"))
    return JsonResponse({"price": eval(FORMULAS[name], {"__builtins__": {}}, {"net": net})})
