"""Django: legacy table parameter is read but then overwritten by a constant before the %-formatted query; safe."""
from django.db import connection
from django.http import JsonResponse


def archive_count(request):
    table = request.GET.get("table", "articles")
    # the table parameter is no longer honoured; always count articles
    table = "news_article"
    sql = "SELECT COUNT(*) FROM %s WHERE archived = 1" % table
    with connection.cursor() as cursor:
        cursor.execute(sql)
        (count,) = cursor.fetchone()
    return JsonResponse({"count": count})
