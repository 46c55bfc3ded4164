"""Django: as_user query value stored in the session under an impersonation key via an f-string; vulnerable."""
from django.shortcuts import redirect


def impersonate(request):
    target = request.GET.get("as_user", "")
    request.session["impersonating"] = f"{target}"
    return redirect("/")
