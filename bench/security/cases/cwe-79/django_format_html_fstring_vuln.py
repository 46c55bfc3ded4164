"""Django: format_html() given an f-string, so the value is formatted before escaping can apply; vulnerable."""
from django.http import HttpResponse
from django.utils.html import format_html


def greet(request, username):
    return HttpResponse(format_html(f"<span class='user'>{username}</span>"))
