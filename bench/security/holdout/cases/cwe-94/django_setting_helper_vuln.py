"""Django: helper returns POSTed key and value that are %-formatted into an assignment run by exec; vulnerable."""
from django.http import JsonResponse


class Settings:
    theme = "light"


def _posted_setting(request):
    return request.POST.get("key", "theme"), request.POST.get("value", "'light'")


def update_setting(request):
    key, value = _posted_setting(request)
    settings_obj = Settings()
    exec("settings_obj.%s = %s" % (key, value), {"settings_obj": settings_obj})
    return JsonResponse({"ok": True})
