"""Django: upload written under a server-generated uuid name; the client file name is only logged by length; safe."""
import logging
import os
import uuid

from django.http import JsonResponse

logger = logging.getLogger(__name__)
STORE = "/srv/blobs"


def store_blob(request):
    upload = request.FILES["blob"]
    logger.info("blob upload, client name of %d chars", len(upload.name))
    blob_id = uuid.uuid4().hex
    with open(os.path.join(STORE, blob_id), "wb") as fh:
        fh.write(upload.read())
    return JsonResponse({"id": blob_id})
