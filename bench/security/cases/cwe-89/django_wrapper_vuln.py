"""Django: a wrapper function returns request data, which reaches RawSQL; vulnerable."""
from django.db.models.expressions import RawSQL
from django.http import JsonResponse

from tickets.models import Ticket


def param(request, key, default=""):
    return request.GET.get(key, default)


def ticket_list(request):
    status = param(request, "status")
    clause = status if status else "open"
    tickets = Ticket.objects.annotate(flag=RawSQL("status = '" + clause + "'", []))
    return JsonResponse({"count": tickets.filter(flag=True).count()})
