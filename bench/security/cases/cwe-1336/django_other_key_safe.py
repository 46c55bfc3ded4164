"""Django: a dict holds the uploaded text and a constant layout; the template is built from the constant; safe."""
from django.http import HttpResponse
from mako.template import Template


def report_preview(request):
    parts = {"notes": request.POST.get("notes", ""), "layout": "<h1>Report</h1>${notes | h}"}
    return HttpResponse(Template(parts["layout"]).render(notes=parts["notes"]))
