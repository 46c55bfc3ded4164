"""Django: search term %-formatted into an HTML paragraph returned by HttpResponse; vulnerable."""
from django.http import HttpResponse


def search(request):
    q = request.GET.get("q", "")
    html = "<html><body><p>No results for <b>%s</b></p></body></html>" % q
    return HttpResponse(html)
