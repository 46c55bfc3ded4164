"""Django: logging the raw slug only happens under a constant-false condition; safe."""
import logging

from django.http import HttpResponse

log = logging.getLogger("downloads")
VERBOSE = False


def download(request, slug):
    if VERBOSE:
        log.info("download requested: " + slug)
    log.info("download requested")
    return HttpResponse(status=202)
