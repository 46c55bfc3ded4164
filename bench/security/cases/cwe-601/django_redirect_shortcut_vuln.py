"""Django: the redirect() shortcut called with POST data; vulnerable."""
from django.contrib.auth import login
from django.shortcuts import redirect


def sso_callback(request):
    login(request, request.user)
    destination = request.POST.get("destination", "/")
    return redirect(destination)
