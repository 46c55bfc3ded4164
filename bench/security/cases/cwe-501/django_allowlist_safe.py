"""Django: the currency is checked against a fixed set, with a constant fallback, before the session write; safe."""
from django.http import JsonResponse

CURRENCIES = ("EUR", "USD", "NOK")


def set_currency(request):
    currency = request.GET.get("currency", "EUR")
    if currency not in CURRENCIES:
        return JsonResponse({"error": "unsupported"}, status=400)
    request.session["currency"] = currency
    return JsonResponse({"currency": currency})
