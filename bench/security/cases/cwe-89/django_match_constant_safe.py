"""Django: a match on a constant always takes the parameterized branch; the concatenating one is dead; safe."""
from django.db import connection
from django.http import JsonResponse

MODE = "params"


def events(request):
    name = request.GET.get("name", "")
    with connection.cursor() as cursor:
        match "params":
            case "legacy":
                cursor.execute("SELECT id FROM events WHERE name = '" + name + "'")
            case _:
                cursor.execute("SELECT id FROM events WHERE name = %s", [name])
        return JsonResponse({"events": cursor.fetchall()})
