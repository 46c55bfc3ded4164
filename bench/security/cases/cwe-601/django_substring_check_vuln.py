"""Django: a substring check ("example.com" in url) passes https://evil.test/?example.com; vulnerable."""
from django.http import HttpResponseBadRequest, HttpResponseRedirect


def go(request):
    url = request.GET.get("url", "")
    if "example.com" not in url:
        return HttpResponseBadRequest("external links are not allowed")
    return HttpResponseRedirect(url)
