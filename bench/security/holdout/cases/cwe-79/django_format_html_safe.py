"""Django: username inserted with format_html as an argument, which escapes it, before HttpResponse; safe."""
from django.http import HttpResponse
from django.utils.html import format_html


def welcome(request):
    user = request.GET.get("user", "guest")
    fragment = format_html("<p>Welcome back, <strong>{}</strong></p>", user)
    return HttpResponse(fragment)
