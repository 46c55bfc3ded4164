"""Django: the page number is converted with int() before it is formatted into HTML; safe."""
from django.http import HttpResponse


def listing(request):
    page = int(request.GET.get("page", "1"))
    return HttpResponse("<nav>Page %d</nav>" % page)
