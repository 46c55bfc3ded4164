"""Django: a formula from the JSON request body evaluated with eval(); vulnerable."""
import json

from django.http import JsonResponse


def pricing(request):
    data = json.loads(request.body)
    formula = data["formula"]
    price = eval(formula, {"base": 100})
    return JsonResponse({"price": price})
