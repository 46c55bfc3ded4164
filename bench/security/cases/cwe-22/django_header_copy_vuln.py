"""Django: a file name from an X-Filename header decides where shutil.copy writes the upload; vulnerable."""
import os
import shutil

from django.http import JsonResponse

INBOX = "/srv/inbox"


def receive(request):
    name = request.META.get("HTTP_X_FILENAME", "upload.bin")
    tmp = request.FILES["file"].temporary_file_path()
    shutil.copy(tmp, os.path.join(INBOX, name))
    return JsonResponse({"stored": name})
