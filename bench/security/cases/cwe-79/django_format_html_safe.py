"""Django: format_html() with the user value as an argument, so it is escaped; safe."""
from django.http import HttpResponse
from django.utils.html import format_html


def greet(request, username):
    return HttpResponse(format_html("<span class='user'>{}</span>", username))
