"""Django: the pid is converted with int() before it is %-formatted into os.system; safe."""
import os

from django.http import HttpResponse


def reload_worker(request):
    pid = int(request.POST["pid"])
    os.system("kill -HUP %d" % pid)
    return HttpResponse(status=204)
