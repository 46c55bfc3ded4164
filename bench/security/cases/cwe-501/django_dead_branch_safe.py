"""Django: the session write of POST data is under a constant-false condition; safe."""
from django.http import JsonResponse

TRUST_CLIENT_FLAGS = False


def save_preferences(request):
    flag = request.POST.get("is_admin", "false")
    if TRUST_CLIENT_FLAGS:
        request.session["is_admin"] = flag
    request.session["theme"] = "dark"
    return JsonResponse({"ok": True})
