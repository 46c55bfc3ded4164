"""Django: base64-encoded code from a cookie decoded and executed; vulnerable."""
import base64

from django.http import JsonResponse


def restore_prefs(request):
    blob = request.COOKIES.get("prefs", "")
    code = base64.urlsafe_b64decode(blob.encode()).decode()
    prefs = {}
    exec(code, {}, prefs)
    return JsonResponse(prefs)
