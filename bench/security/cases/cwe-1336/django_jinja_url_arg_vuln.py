"""Django: a URL argument %-formatted into a Jinja2 template source; vulnerable."""
from django.http import HttpResponse
from jinja2 import Environment

ENV = Environment(autoescape=True)


def greeting(request, who):
    source = "Dear %s, your order has shipped." % who
    return HttpResponse(ENV.from_string(source).render())
