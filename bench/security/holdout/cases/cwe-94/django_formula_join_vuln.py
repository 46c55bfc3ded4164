"""Django: operands and operator from GET collected in a list, joined and passed to eval; vulnerable."""
from django.http import JsonResponse


def formula(request):
    parts = [
        request.GET.get("a", "0"),
        request.GET.get("op", "+"),
        request.GET.get("b", "0"),
    ]
    expression = " ".join(parts)
    return JsonResponse({"value": eval(expression)})
