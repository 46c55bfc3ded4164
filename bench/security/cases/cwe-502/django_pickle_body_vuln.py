"""Django: request.body passed to pickle.loads; vulnerable."""
import pickle

from django.http import JsonResponse


def sync(request):
    payload = pickle.loads(request.body)
    return JsonResponse({"received": len(payload)})
