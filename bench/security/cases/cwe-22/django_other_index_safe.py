"""Django: a tuple holds (user value, constant); the file opened is the constant element; safe."""
from django.http import HttpResponse


def changelog(request):
    pair = (request.GET.get("version", "latest"), "/srv/site/CHANGELOG.md")
    with open(pair[1], encoding="utf-8") as fh:
        text = fh.read()
    return HttpResponse(text, content_type="text/markdown", headers={"X-Requested": "1"})
