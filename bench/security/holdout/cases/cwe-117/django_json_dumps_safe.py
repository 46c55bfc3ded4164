"""Django: query logged as json.dumps output, which escapes control characters; safe."""
import json
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def autocomplete(request):
    prefix = request.GET.get("prefix", "")
    logger.debug("autocomplete prefix=%s", json.dumps(prefix))
    return JsonResponse({"matches": []})
