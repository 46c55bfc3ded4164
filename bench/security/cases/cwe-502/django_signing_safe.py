"""Django: the cookie is read with django.core.signing.loads (signed JSON, no pickle); safe."""
from django.core import signing
from django.http import JsonResponse


def preferences(request):
    raw = request.COOKIES.get("prefs", "")
    try:
        prefs = signing.loads(raw, salt="prefs")
    except signing.BadSignature:
        prefs = {}
    return JsonResponse(prefs)
