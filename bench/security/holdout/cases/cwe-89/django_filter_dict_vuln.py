"""Django: filter dict built from POST fields, turned into WHERE clauses with .format and joined with AND; vulnerable."""
from django.db import connection
from django.http import JsonResponse


def filter_orders(request):
    filters = {
        "status": request.POST.get("status", "open"),
        "region": request.POST.get("region", "eu"),
    }
    clauses = []
    for column, value in filters.items():
        clauses.append("{} = '{}'".format(column, value))
    sql = "SELECT id FROM orders WHERE " + " AND ".join(clauses)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        ids = [r[0] for r in cursor.fetchall()]
    return JsonResponse({"ids": ids})
