"""Django: engines['django'].from_string with a GET value concatenated into the source; vulnerable."""
from django.http import HttpResponse
from django.template import engines


def banner(request):
    title = request.GET.get("title", "Welcome")
    template = engines["django"].from_string("<h1>" + title + "</h1>{{ request.user }}")
    return HttpResponse(template.render({}, request))
