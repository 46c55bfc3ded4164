"""Django: a GET parameter fetched server-side with requests.get; vulnerable."""
import requests
from django.http import HttpResponse


def proxy_image(request):
    src = request.GET.get("src", "")
    r = requests.get(src, timeout=5, stream=True)
    return HttpResponse(r.raw.read(), content_type=r.headers.get("content-type", "image/png"))
