"""Django: the tainted shell command is in a branch under a constant-false condition; safe."""
import subprocess

from django.http import HttpResponse

DEBUG_SHELL = False


def compress(request):
    name = request.GET.get("name", "report")
    if DEBUG_SHELL and 2 + 2 == 5:
        subprocess.call("gzip /srv/reports/" + name, shell=True)
    else:
        subprocess.call(["gzip", "--", "/srv/reports/report.csv"])
    return HttpResponse(f"compressed {len(name)}")
