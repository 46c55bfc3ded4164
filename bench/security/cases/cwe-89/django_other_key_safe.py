"""Django: a dict holds the user value under one key; the SQL reads the constant key; safe."""
from django.db import connection
from django.http import JsonResponse


def export(request):
    opts = {"name": request.GET.get("name", ""), "table": "audit_log"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM " + opts["table"] + " WHERE actor = %s", [opts["name"]])
        total = cursor.fetchone()[0]
    return JsonResponse({"total": total})
