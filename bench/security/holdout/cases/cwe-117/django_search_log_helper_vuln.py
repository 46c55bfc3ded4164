"""Django: search term from a same-file helper concatenated into a logging.info message; vulnerable."""
import logging

from django.http import JsonResponse


def _term(request):
    return request.GET.get("q", "")


def search(request):
    term = _term(request)
    logging.info("search executed: " + term)
    return JsonResponse({"results": []})
