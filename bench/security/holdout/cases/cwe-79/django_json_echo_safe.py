"""Django: search term echoed back inside a JsonResponse (application/json), not HTML; safe."""
from django.http import JsonResponse


def suggest(request):
    term = request.GET.get("term", "")
    suggestions = [term + suffix for suffix in ("", "s", " near me")]
    return JsonResponse({"term": term, "suggestions": suggestions})
