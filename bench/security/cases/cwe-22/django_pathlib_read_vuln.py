"""Django: a GET parameter joined to a pathlib.Path and read with read_text(); vulnerable."""
from pathlib import Path

from django.http import HttpResponse

PAGES = Path("/srv/site/pages")


def page(request):
    slug = request.GET.get("page", "index.html")
    return HttpResponse((PAGES / slug).read_text())
