"""Django: a base64 POST field decoded with marshal.loads; vulnerable."""
import base64
import marshal

from django.http import JsonResponse


def load_rules(request):
    raw = base64.b64decode(request.POST["rules"])
    rules = marshal.loads(raw)
    return JsonResponse({"count": len(rules)})
