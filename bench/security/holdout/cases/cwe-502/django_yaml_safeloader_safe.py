"""Django: posted YAML parsed with yaml.load and Loader=yaml.SafeLoader; safe."""
import yaml
from django.http import JsonResponse


def import_settings(request):
    text = request.body.decode("utf-8")
    settings_doc = yaml.load(text, Loader=yaml.SafeLoader)
    return JsonResponse({"keys": sorted(settings_doc or {})})
