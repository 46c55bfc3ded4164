"""Django: a URL argument logged with str.format; vulnerable."""
import logging

from django.http import HttpResponse

log = logging.getLogger("downloads")


def download(request, slug):
    log.info("download requested: {}".format(slug))
    return HttpResponse(status=202)
