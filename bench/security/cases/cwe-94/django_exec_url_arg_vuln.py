"""Django: a URL argument concatenated into a statement and exec()ed; vulnerable."""
from django.http import HttpResponse


def set_flag(request, flag):
    scope = {}
    exec("result = " + flag, scope)
    return HttpResponse(str(scope["result"]))
