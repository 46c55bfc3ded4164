"""Django: django.utils.html.escape on the search term before concatenating HTML; safe."""
from django.http import HttpResponse
from django.utils.html import escape


def search(request):
    q = escape(request.GET.get("q", ""))
    return HttpResponse("<p>Results for " + q + "</p><ul></ul>")
