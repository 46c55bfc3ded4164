"""Django: HttpResponseRedirect to a GET parameter; vulnerable."""
from django.http import HttpResponseRedirect


def after_signup(request):
    return HttpResponseRedirect(request.GET["next"])
