"""Django: redirect only when urlparse(url).netloc is empty and the path starts with one '/'; safe."""
from urllib.parse import urlparse

from django.http import HttpResponseBadRequest, HttpResponseRedirect


def back(request):
    url = request.POST.get("back", "/")
    parsed = urlparse(url)
    if parsed.netloc or parsed.scheme or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return HttpResponseBadRequest("local paths only")
    return HttpResponseRedirect(url)
