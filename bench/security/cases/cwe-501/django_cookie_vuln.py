"""Django: a referral cookie copied into the session via setdefault; vulnerable."""
from django.http import HttpResponse


def landing(request):
    ref = request.COOKIES.get("ref", "")
    request.session.setdefault("referrer", "partner:" + ref)
    return HttpResponse("welcome")
