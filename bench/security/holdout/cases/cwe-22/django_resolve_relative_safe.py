"""Django: target resolved and required to be relative to the resolved base, else Http404, before FileResponse; safe."""
from pathlib import Path

from django.http import FileResponse, Http404

BASE = Path("/srv/static-downloads").resolve()


def download(request, name):
    target = (BASE / name).resolve()
    if not target.is_relative_to(BASE) or not target.is_file():
        raise Http404("no such file")
    return FileResponse(open(target, "rb"))
