"""Django: a GET parameter in an f-string path opened and streamed with FileResponse; vulnerable."""
from django.conf import settings
from django.http import FileResponse


def document(request):
    doc = request.GET["doc"]
    handle = open(f"{settings.MEDIA_ROOT}/docs/{doc}", "rb")
    return FileResponse(handle)
