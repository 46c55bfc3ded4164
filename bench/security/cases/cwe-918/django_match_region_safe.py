"""Django: a match on the region assigns one of two constant base URLs; safe."""
import requests
from django.http import JsonResponse


def rates(request):
    match request.GET.get("region", "eu"):
        case "us":
            base = "https://us.rates.example.com"
        case _:
            base = "https://eu.rates.example.com"
    return JsonResponse(requests.get(base + "/v1/latest", timeout=5).json())
