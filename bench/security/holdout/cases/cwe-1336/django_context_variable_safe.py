"""Django: constant django Template rendered with the query value in the Context; safe."""
from django.http import HttpResponse
from django.template import Context, Template

HELLO = Template("<p>Hello {{ name }}</p>")


def hello(request):
    name = request.GET.get("name", "guest")
    return HttpResponse(HELLO.render(Context({"name": name})))
