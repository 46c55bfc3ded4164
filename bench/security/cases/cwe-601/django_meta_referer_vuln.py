"""Django: redirect back to request.META['HTTP_REFERER'] after a vote; vulnerable."""
from django.shortcuts import redirect


def vote(request, poll_id):
    request.session["voted_%d" % int(poll_id)] = True
    return redirect(request.META.get("HTTP_REFERER", "/polls/"))
