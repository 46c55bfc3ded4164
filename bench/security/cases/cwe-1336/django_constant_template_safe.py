"""Django: a constant django.template.Template; POST data only enters through the Context; safe."""
from django.http import HttpResponse
from django.template import Context, Template

SNIPPET = Template("<blockquote>{{ text }}</blockquote>")


def render_snippet(request):
    return HttpResponse(SNIPPET.render(Context({"text": request.POST.get("snippet", "")})))
