"""Django: render() of a template file with the value in the context (autoescaped); safe."""
from django.shortcuts import render


def search(request):
    q = request.GET.get("q", "")
    return render(request, "search/results.html", {"q": q, "results": []})
