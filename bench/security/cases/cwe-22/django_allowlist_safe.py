"""Django: the document must be one of a fixed set of names (else 404) before it is opened; safe."""
from django.conf import settings
from django.http import FileResponse, Http404

PUBLIC_DOCS = {"terms.pdf", "privacy.pdf", "pricing.pdf"}


def document(request):
    doc = request.GET.get("doc", "")
    if doc not in PUBLIC_DOCS:
        raise Http404("no such document")
    return FileResponse(open(f"{settings.MEDIA_ROOT}/docs/{doc}", "rb"))
