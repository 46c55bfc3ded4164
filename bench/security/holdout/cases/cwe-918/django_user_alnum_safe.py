"""Django: username must be alphanumeric (early 400 otherwise) before going into the path of a fixed host; safe."""
import requests
from django.http import HttpResponseBadRequest, JsonResponse


def github_repos(request):
    user = request.GET.get("user", "")
    if not user.isalnum():
        return HttpResponseBadRequest("invalid user")
    resp = requests.get(f"https://api.github.com/users/{user}/repos", timeout=5)
    return JsonResponse({"repos": [r["name"] for r in resp.json()]})
