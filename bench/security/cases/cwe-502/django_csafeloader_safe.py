"""Django: yaml.load with Loader=yaml.CSafeLoader on the request body; safe."""
import yaml
from django.http import JsonResponse


def import_rules(request):
    rules = yaml.load(request.body, Loader=yaml.CSafeLoader)
    return JsonResponse({"rules": len(rules or [])})
