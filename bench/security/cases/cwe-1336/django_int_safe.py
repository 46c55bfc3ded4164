"""Django: an order number converted with int() before it is concatenated into the template source; safe."""
from django.http import HttpResponse
from django.template import engines


def receipt(request):
    number = int(request.GET.get("order", "0"))
    tpl = engines["django"].from_string("<h1>Order " + str(number) + "</h1>{{ total }}")
    return HttpResponse(tpl.render({"total": "9.99"}, request))
