"""Django: an is_admin flag from POST stored in request.session; vulnerable."""
from django.http import JsonResponse


def save_preferences(request):
    request.session["is_admin"] = request.POST.get("is_admin", "false")
    request.session["theme"] = "dark"
    return JsonResponse({"ok": True})
