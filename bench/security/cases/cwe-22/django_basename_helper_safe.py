"""Django: a helper reduces the header value with os.path.basename before the copy; safe."""
import os
import shutil

from django.http import JsonResponse

INBOX = "/srv/inbox"


def clean_name(raw):
    name = os.path.basename(raw)
    return name if name not in ("", ".", "..") else "upload.bin"


def receive(request):
    name = clean_name(request.META.get("HTTP_X_FILENAME", "upload.bin"))
    shutil.copy(request.FILES["file"].temporary_file_path(), os.path.join(INBOX, name))
    return JsonResponse({"stored": name})
