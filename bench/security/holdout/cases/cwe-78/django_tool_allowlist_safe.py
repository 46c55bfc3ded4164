"""Django: requested diagnostic must be one of a fixed set, checked with an early return, before a shell run; safe."""
import subprocess

from django.http import HttpResponse, HttpResponseBadRequest

TOOLS = {"uptime", "df -h", "free -m"}


def diagnostics(request):
    tool = request.GET.get("tool", "uptime")
    if tool not in TOOLS:
        return HttpResponseBadRequest("unknown tool")
    out = subprocess.check_output(tool, shell=True)
    return HttpResponse(out, content_type="text/plain")
