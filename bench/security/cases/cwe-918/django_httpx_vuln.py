"""Django: an avatar URL from POST downloaded with an httpx.Client; vulnerable."""
import httpx
from django.core.files.base import ContentFile
from django.http import JsonResponse


def set_avatar(request):
    avatar_url = request.POST["avatar_url"]
    with httpx.Client(timeout=5) as client:
        data = client.get(avatar_url).content
    request.user.profile.avatar.save("avatar.png", ContentFile(data))
    return JsonResponse({"ok": True})
