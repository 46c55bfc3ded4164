"""Django: request body returned by a same-file helper and decoded with jsonpickle, which rebuilds arbitrary objects; vulnerable."""
import jsonpickle
from django.http import JsonResponse


def _payload(request):
    return request.body.decode("utf-8")


def restore_draft(request):
    draft = jsonpickle.decode(_payload(request))
    return JsonResponse({"restored": type(draft).__name__})
