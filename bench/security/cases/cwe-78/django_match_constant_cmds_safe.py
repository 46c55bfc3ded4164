"""Django: a match on the POSTed action assigns one of two constant commands or rejects; safe."""
import os

from django.http import HttpResponseBadRequest, JsonResponse


def service(request):
    match request.POST.get("action"):
        case "restart":
            cmd = "systemctl restart web.service"
        case "status":
            cmd = "systemctl status web.service"
        case _:
            return HttpResponseBadRequest("unknown action")
    return JsonResponse({"rc": os.system(cmd)})
