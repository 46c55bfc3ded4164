"""Django: POST data written into an HttpResponse with write(); vulnerable."""
from django.http import HttpResponse


def contact_thanks(request):
    name = request.POST.get("name", "")
    resp = HttpResponse(content_type="text/html; charset=utf-8")
    resp.write("<h1>Thanks, ")
    resp.write(name)
    resp.write("!</h1>")
    return resp
