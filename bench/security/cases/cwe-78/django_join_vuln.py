"""Django: a search pattern joined into a command line and run through the shell; vulnerable."""
import subprocess

from django.http import HttpResponse


def grep_logs(request):
    pattern = request.GET.get("pattern", "ERROR")
    parts = ["grep", "-n", pattern, "/var/log/app/app.log"]
    out = subprocess.run(" ".join(parts), shell=True, capture_output=True, text=True).stdout
    return HttpResponse(out, content_type="text/plain")
