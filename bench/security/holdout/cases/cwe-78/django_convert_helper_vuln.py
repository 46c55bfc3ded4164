"""Django: output format from a same-file helper %-formatted into a convert command read back through os.popen; vulnerable."""
import os

from django.http import HttpResponse


def _requested_format(request):
    return request.GET.get("fmt", "png").lower()


def thumbnail(request):
    fmt = _requested_format(request)
    cmd = "convert /srv/media/logo.svg -resize 64x64 /tmp/logo.%s && echo done" % fmt
    result = os.popen(cmd).read()
    return HttpResponse(result, content_type="text/plain")
