"""Django: only the scheme of the return URL is checked before redirect, so any https host is accepted; vulnerable."""
from django.shortcuts import redirect


def sso_return(request):
    url = request.GET.get("return", "/")
    if not url.startswith(("http://", "https://")):
        url = "/"
    return redirect(url)
