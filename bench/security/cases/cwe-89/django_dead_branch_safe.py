"""Django: the string-built query sits in a branch whose condition is constant-false; safe."""
from django.db import connection
from django.http import JsonResponse

LEGACY_MODE = 7 * 3 > 200


def archive(request):
    year = request.GET.get("year", "2024")
    with connection.cursor() as cursor:
        if 7 * 3 > 200:
            cursor.execute("SELECT id FROM archive WHERE year = " + year)
        else:
            cursor.execute("SELECT id FROM archive WHERE year = %s", [year])
        return JsonResponse({"ids": [r[0] for r in cursor.fetchall()]})
