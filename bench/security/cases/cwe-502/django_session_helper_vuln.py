"""Django: a helper unpickles the `legacy_session` cookie; the view calls it; vulnerable."""
import pickle
from base64 import urlsafe_b64decode

from django.http import JsonResponse


def decode_legacy(blob):
    return pickle.loads(urlsafe_b64decode(blob.encode("ascii")))


def legacy_profile(request):
    data = decode_legacy(request.COOKIES.get("legacy_session", ""))
    return JsonResponse({"user": data.get("user")})
