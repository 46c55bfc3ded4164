"""Django: the value is returned in a JsonResponse (application/json), not HTML; safe."""
from django.http import JsonResponse


def echo(request):
    q = request.GET.get("q", "")
    return JsonResponse({"query": q, "html": "<p>no results</p>"})
