"""Django: cursor.execute with a %s placeholder and a params list; safe."""
from django.db import connection
from django.http import JsonResponse


def search_orders(request):
    ref = request.GET.get("ref", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, status FROM orders WHERE reference = %s", [ref])
        rows = cursor.fetchall()
    return JsonResponse({"orders": rows})
