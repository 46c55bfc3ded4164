"""Django: a GET parameter %-formatted into Manager.raw(); vulnerable."""
from django.http import JsonResponse

from shop.models import Customer


def customers_by_city(request):
    city = request.GET.get("city", "")
    qs = Customer.objects.raw("SELECT * FROM shop_customer WHERE city = '%s'" % city)
    return JsonResponse({"ids": [c.pk for c in qs]})
