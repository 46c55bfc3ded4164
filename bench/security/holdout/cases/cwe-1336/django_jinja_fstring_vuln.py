"""Django: recipient name placed in an f-string that becomes the source of a jinja2 Template; vulnerable."""
import jinja2
from django.http import HttpResponse


def invitation(request):
    recipient = request.GET.get("to", "friend")
    source = f"Dear {recipient},\n"
    source += "You are invited on {{ date }}."
    text = jinja2.Template(source).render(date="Friday")
    return HttpResponse(text, content_type="text/plain")
