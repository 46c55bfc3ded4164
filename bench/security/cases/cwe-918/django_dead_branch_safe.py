"""Django: the fetch of the POSTed URL is under a constant-false condition; safe."""
import requests
from django.http import JsonResponse

ENABLE_REMOTE_IMPORT = False


def import_feed(request):
    url = request.POST.get("url", "")
    if ENABLE_REMOTE_IMPORT:
        requests.get(url, timeout=5)
    return JsonResponse({"queued": False, "url_length": len(url)})
