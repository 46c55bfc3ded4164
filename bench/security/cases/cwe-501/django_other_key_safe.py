"""Django: a dict holds the GET value and a constant; only the constant key is stored in the session; safe."""
from django.shortcuts import redirect


def set_locale(request):
    prefs = {"requested": request.GET.get("lang", ""), "lang": "en"}
    request.session["lang"] = prefs["lang"]
    return redirect("/?requested=" + str(len(prefs["requested"])))
