"""Django: a GET value base64-decoded, zlib-decompressed and unpickled; vulnerable."""
import base64
import pickle
import zlib

from django.http import JsonResponse


def shared_view(request):
    packed = request.GET.get("s", "")
    view_state = pickle.loads(zlib.decompress(base64.urlsafe_b64decode(packed)))
    return JsonResponse({"filters": view_state.get("filters", [])})
