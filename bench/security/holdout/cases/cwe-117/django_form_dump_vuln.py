"""Django: every POST field joined as key=value pairs and logged on a validation error; vulnerable."""
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def submit(request):
    pairs = "; ".join(f"{k}={v}" for k, v in request.POST.items())
    logger.error("validation failed for submission: %s", pairs)
    return JsonResponse({"ok": False}, status=422)
