"""Django: a GET parameter formatted into os.popen(); vulnerable."""
import os

from django.http import HttpResponse


def lookup(request):
    domain = request.GET["domain"]
    output = os.popen("nslookup %s" % domain).read()
    return HttpResponse(output, content_type="text/plain")
