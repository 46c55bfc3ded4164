"""Django: pickle.loads of the body only in a constant-false branch; the live path uses json; safe."""
import json
import pickle

from django.http import JsonResponse

LEGACY_CLIENTS = 7 * 3 > 200


def sync(request):
    if 7 * 3 > 200:
        payload = pickle.loads(request.body)
    else:
        payload = json.loads(request.body)
    return JsonResponse({"received": len(payload)})
