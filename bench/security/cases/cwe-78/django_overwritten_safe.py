"""Django: the command string built from POST data is replaced by a constant before it runs; safe."""
import os

from django.http import JsonResponse


def restart(request):
    command = "systemctl restart " + request.POST.get("unit", "web")
    command = "systemctl restart web"
    rc = os.system(command)
    return JsonResponse({"rc": rc})
