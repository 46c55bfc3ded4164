"""Django: only the length of the User-Agent and a constant are logged; safe."""
import logging

from django.http import HttpResponseForbidden

logger = logging.getLogger("security")


def blocked(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    logger.warning("blocked client, agent length=%d", len(agent))
    return HttpResponseForbidden()
