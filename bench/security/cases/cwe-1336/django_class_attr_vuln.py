"""Django: a class keeps a GET value on self.text; the view compiles it with engines['django'].from_string; vulnerable."""
from django.http import HttpResponse
from django.template import engines


class Banner:
    def __init__(self, request):
        self.text = request.GET.get("text", "Welcome")

    def source(self):
        return "<div class='banner'>" + self.text + "</div>"


def banner(request):
    tpl = engines["django"].from_string(Banner(request).source())
    return HttpResponse(tpl.render({"user": request.user}, request))
