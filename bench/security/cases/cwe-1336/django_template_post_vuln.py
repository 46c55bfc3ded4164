"""Django: django.template.Template compiled from POST data; vulnerable."""
from django.http import HttpResponse
from django.template import Context, Template


def render_snippet(request):
    snippet = Template(request.POST["snippet"])
    return HttpResponse(snippet.render(Context({"user": request.user})))
