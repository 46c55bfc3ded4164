"""Django: the user picks a provider name; the URL fetched is the constant mapped to it; safe."""
import requests
from django.http import Http404, JsonResponse

PROVIDERS = {
    "github": "https://api.github.com/meta",
    "gitlab": "https://gitlab.com/api/v4/version",
}


def provider_status(request):
    name = request.GET.get("provider", "github")
    if name not in PROVIDERS:
        raise Http404
    return JsonResponse({"status": requests.get(PROVIDERS[name], timeout=5).status_code})
