"""Django: a search term concatenated into HTML in an HttpResponse; vulnerable."""
from django.http import HttpResponse


def search(request):
    q = request.GET.get("q", "")
    return HttpResponse("<p>Results for " + q + "</p><ul></ul>")
