"""Django: a dict keeps the GET value and a constant label; the log line uses only the label; safe."""
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def tag_filter(request):
    info = {"raw": request.GET.get("tag", ""), "label": "tag-filter"}
    logger.info("view=%s", info["label"])
    return JsonResponse({"tag": info["raw"]})
