"""Django: upload stored under a folder name taken from POST and assembled in an f-string; vulnerable."""
import os

from django.http import JsonResponse

MEDIA_ROOT = "/srv/media"


def upload_attachment(request):
    upload = request.FILES["attachment"]
    folder = request.POST.get("folder", "misc")
    dest_dir = f"{MEDIA_ROOT}/attachments/{folder}"
    os.makedirs(dest_dir, exist_ok=True)
    dest = os.path.join(dest_dir, "upload.bin")
    with open(dest, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return JsonResponse({"saved": dest})
