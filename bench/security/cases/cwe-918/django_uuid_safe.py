"""Django: a document id validated with uuid.UUID before it is put into an internal URL path; safe."""
import uuid

import requests
from django.http import JsonResponse

STORAGE = "https://storage.internal.example/docs/"


def doc_meta(request, doc_id):
    key = uuid.UUID(doc_id)
    meta = requests.get(STORAGE + str(key) + "/meta", timeout=5).json()
    return JsonResponse(meta)
