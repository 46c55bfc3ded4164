"""Django: avatar URL from a same-file helper opened with urllib.request.urlopen; vulnerable."""
import urllib.request

from django.http import JsonResponse


def _avatar_url(request):
    return request.POST.get("avatar_url", "").strip()


def import_avatar(request):
    url = _avatar_url(request)
    with urllib.request.urlopen(url, timeout=5) as resp:
        data = resp.read()
    return JsonResponse({"bytes": len(data)})
