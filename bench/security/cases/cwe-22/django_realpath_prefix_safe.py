"""Django: os.path.realpath then a startswith(base + sep) check that raises, before reading; safe."""
import os

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

PAGES = os.path.realpath("/srv/site/pages")


def page(request):
    slug = request.GET.get("page", "index.html")
    path = os.path.realpath(os.path.join(PAGES, slug))
    if not path.startswith(PAGES + os.sep):
        raise PermissionDenied
    with open(path, encoding="utf-8") as fh:
        return HttpResponse(fh.read())
