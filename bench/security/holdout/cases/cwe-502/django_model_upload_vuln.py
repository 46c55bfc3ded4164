"""Django: uploaded model file read by a pickle.Unpickler; vulnerable."""
import pickle

from django.http import JsonResponse


def upload_model(request):
    upload = request.FILES["model"]
    model = pickle.Unpickler(upload).load()
    return JsonResponse({"type": type(model).__name__})
