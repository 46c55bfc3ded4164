"""Django: next URL accepted only if url_has_allowed_host_and_scheme passes, otherwise a constant path; safe."""
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def after_logout(request):
    nxt = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        nxt = "/"
    return HttpResponseRedirect(nxt)
