"""Django: a POSTed order reference %-formatted into logger.error; vulnerable."""
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def payment_failed(request):
    order = request.POST.get("order", "")
    logger.error("payment failed for order %s" % order)
    return JsonResponse({"ok": False})
