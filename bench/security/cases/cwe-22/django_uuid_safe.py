"""Django: the attachment id is parsed with uuid.UUID; only the UUID's text is used in the path; safe."""
import uuid

from django.http import FileResponse

ATTACHMENTS = "/srv/attachments"


def attachment(request, attachment_id):
    key = uuid.UUID(attachment_id)
    return FileResponse(open(f"{ATTACHMENTS}/{key}.bin", "rb"))
