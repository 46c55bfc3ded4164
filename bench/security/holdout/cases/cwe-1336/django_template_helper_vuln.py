"""Django: template source from a same-file helper compiled with django.template.Template and rendered with the user in context; vulnerable."""
from django.http import HttpResponse
from django.template import Context, Template


def _signature(request):
    return request.POST.get("signature", "")


def preview_signature(request):
    tpl = Template("<div class='sig'>" + _signature(request) + "</div>")
    return HttpResponse(tpl.render(Context({"user": request.user, "request": request})))
