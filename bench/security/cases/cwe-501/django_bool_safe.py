"""Django: only the boolean result of a comparison is stored in the session; safe."""
from django.http import JsonResponse


def newsletter(request):
    request.session["newsletter"] = request.POST.get("newsletter") == "on"
    return JsonResponse({"subscribed": request.session["newsletter"]})
