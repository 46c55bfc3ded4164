"""Django: an uploaded YAML file parsed with yaml.safe_load; safe."""
import yaml
from django.http import JsonResponse


def upload_config(request):
    text = request.FILES["config"].read().decode("utf-8")
    config = yaml.safe_load(text)
    return JsonResponse({"sections": list(config or {})})
