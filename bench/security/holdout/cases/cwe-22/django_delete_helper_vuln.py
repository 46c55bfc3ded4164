"""Django: document name from a same-file helper joined onto the documents directory and passed to os.remove; vulnerable."""
import os

from django.http import JsonResponse

DOCS_DIR = "/srv/docs"


def _doc_name(request):
    return request.POST.get("doc", "").strip()


def delete_doc(request):
    name = _doc_name(request)
    os.remove(os.path.join(DOCS_DIR, name))
    return JsonResponse({"deleted": name})
