"""Django: a match statement whose default branch takes the WHERE clause from the query string; vulnerable."""
from django.db import connection
from django.http import JsonResponse


def events(request):
    match request.GET.get("preset", ""):
        case "recent":
            where = "created_at > now() - interval '7 days'"
        case "mine":
            where = "owner_id = %d" % request.user.pk
        case _:
            where = request.GET.get("where", "true")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM events WHERE " + where)
        return JsonResponse({"events": cursor.fetchall()})
