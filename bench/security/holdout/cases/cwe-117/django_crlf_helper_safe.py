"""Django: referrer passed through a same-file helper that strips CR and LF before it is logged; safe."""
import logging

from django.http import HttpResponse

logger = logging.getLogger(__name__)


def _one_line(value):
    return value.replace("\r", "").replace("\n", "")


def landing(request):
    ref = _one_line(request.META.get("HTTP_REFERER", "-"))
    logger.info("landing visit from %s", ref)
    return HttpResponse("welcome")
