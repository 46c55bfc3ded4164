"""Django: a Mako Template compiled from an uploaded file's text; vulnerable."""
from django.http import HttpResponse
from mako.template import Template


def report_preview(request):
    text = request.FILES["layout"].read().decode("utf-8")
    return HttpResponse(Template(text).render(rows=[]))
