"""Django: a wrapper returns the Accept-Language header; the view stores it in the session; vulnerable."""
from django.http import HttpResponse


def client_language(request):
    return request.META.get("HTTP_ACCEPT_LANGUAGE", "en")[:16]


def first_visit(request):
    request.session["language"] = client_language(request)
    return HttpResponse("hello")
