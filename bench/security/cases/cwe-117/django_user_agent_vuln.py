"""Django: the User-Agent from request.META logged as a warning; vulnerable."""
import logging

from django.http import HttpResponseForbidden

logger = logging.getLogger("security")


def blocked(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    logger.warning("blocked client, agent=" + agent)
    return HttpResponseForbidden()
