"""Django: render() of a named template file with the GET value in the context; safe."""
from django.shortcuts import render


def banner(request):
    title = request.GET.get("title", "Welcome")
    return render(request, "site/banner.html", {"title": title})
