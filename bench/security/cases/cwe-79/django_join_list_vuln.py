"""Django: tags from getlist() built into <li> items with join and returned as HTML; vulnerable."""
from django.http import HttpResponse


def tag_cloud(request):
    tags = request.GET.getlist("tag")
    items = "".join(["<li>%s</li>" % t for t in tags])
    return HttpResponse("<ul class='tags'>" + items + "</ul>")
