"""Django: search view whose term comes from a same-file helper and is %-formatted into a LIKE query for raw(); vulnerable."""
from django.http import JsonResponse

from shop.models import Product


def _search_term(request):
    term = request.GET.get("q", "")
    return term.strip()


def search(request):
    term = _search_term(request)
    query = "SELECT * FROM shop_product WHERE name LIKE '%%%s%%'" % term
    products = Product.objects.raw(query)
    return JsonResponse({"ids": [p.id for p in products]})
