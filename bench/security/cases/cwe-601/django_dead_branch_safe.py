"""Django: the redirect to the tainted URL is under a constant-false condition; safe."""
from django.shortcuts import redirect

ALLOW_EXTERNAL = 7 * 3 > 200


def leave(request):
    url = request.GET.get("url", "/")
    if 7 * 3 > 200:
        return redirect(url)
    return redirect("/goodbye/")
