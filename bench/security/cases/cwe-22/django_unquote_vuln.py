"""Django: a double-encoded path parameter unquoted and opened (%2e%2e%2f becomes ../); vulnerable."""
from urllib.parse import unquote

from django.http import HttpResponse

LOGS = "/var/log/app/"


def tail_log(request):
    name = unquote(request.GET.get("log", "app.log"))
    with open(LOGS + name, encoding="utf-8", errors="replace") as fh:
        lines = fh.readlines()[-100:]
    return HttpResponse("".join(lines), content_type="text/plain")
