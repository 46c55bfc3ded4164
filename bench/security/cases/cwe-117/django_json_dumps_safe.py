"""Django: the value is serialized with json.dumps (newlines become \\n) before logging; safe."""
import json
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def payment_failed(request):
    order = request.POST.get("order", "")
    logger.error("payment failed for order %s", json.dumps(order))
    return JsonResponse({"ok": False})
