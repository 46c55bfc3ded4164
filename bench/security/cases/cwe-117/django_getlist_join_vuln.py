"""Django: tags from getlist() joined and logged; vulnerable."""
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def tag_filter(request):
    tags = request.GET.getlist("tag")
    logger.info("filter by tags: " + ", ".join(tags))
    return JsonResponse({"tags": len(tags)})
