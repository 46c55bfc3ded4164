"""Django: ids from getlist converted with int() before being joined into an IN list; safe."""
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse


def bulk_status(request):
    try:
        ids = [int(x) for x in request.GET.getlist("id")]
    except ValueError:
        return HttpResponseBadRequest("ids must be integers")
    if not ids:
        return JsonResponse({"rows": []})
    id_list = ",".join(str(i) for i in ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, status FROM jobs WHERE id IN ({id_list})")
        rows = cursor.fetchall()
    return JsonResponse({"rows": rows})
