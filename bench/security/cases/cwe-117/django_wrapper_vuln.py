"""Django: a wrapper returns a GET value; the view logs it in an f-string; vulnerable."""
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def query_param(request, name):
    return request.GET.get(name, "")


def search(request):
    term = query_param(request, "term")
    logger.info(f"search term={term}")
    return JsonResponse({"results": []})
