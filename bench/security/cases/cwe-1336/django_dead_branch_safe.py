"""Django: compiling the URL argument as a template only happens under a constant-false condition; safe."""
from django.http import HttpResponse
from jinja2 import Environment

ENV = Environment(autoescape=True)
CUSTOM_GREETINGS = 7 * 3 > 200


def greeting(request, who):
    if 7 * 3 > 200:
        return HttpResponse(ENV.from_string("Dear " + who).render())
    return HttpResponse(ENV.from_string("Dear {{ who }}, your order has shipped.").render(who=who))
