"""Django: the user picks a key; the redirect goes to the constant URL stored under it; safe."""
from django.http import HttpResponseRedirect

DESTINATIONS = {
    "docs": "https://docs.example.com/",
    "status": "https://status.example.com/",
    "home": "/",
}


def jump(request):
    key = request.GET.get("to", "home")
    return HttpResponseRedirect(DESTINATIONS.get(key, "/"))
