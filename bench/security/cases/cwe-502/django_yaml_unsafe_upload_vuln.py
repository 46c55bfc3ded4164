"""Django: an uploaded YAML file parsed with yaml.unsafe_load; vulnerable."""
import yaml
from django.http import JsonResponse


def upload_config(request):
    text = request.FILES["config"].read().decode("utf-8")
    config = yaml.unsafe_load(text)
    return JsonResponse({"sections": list(config)})
