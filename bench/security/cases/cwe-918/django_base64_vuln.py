"""Django: a base64url-encoded target URL decoded and fetched; vulnerable."""
import base64
import urllib.request

from django.http import HttpResponse


def fetch(request, encoded):
    target = base64.urlsafe_b64decode(encoded + "==").decode()
    with urllib.request.urlopen(target) as resp:
        return HttpResponse(resp.read(), content_type="text/plain")
