"""Django: a dict holding a GET value stored as a session entry; vulnerable."""
from django.shortcuts import redirect


def set_locale(request):
    prefs = {"lang": request.GET["lang"], "tz": "UTC"}
    request.session["prefs"] = prefs
    return redirect("/")
