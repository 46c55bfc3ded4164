"""Django: POST data stored in a dict, then read back into a cursor.execute string; vulnerable."""
from django.db import connection
from django.http import HttpResponse


def update_nickname(request):
    fields = {"nick": request.POST["nickname"], "uid": request.user.pk}
    sql = "UPDATE profile SET nickname = '%s' WHERE user_id = %d" % (fields["nick"], fields["uid"])
    with connection.cursor() as cursor:
        cursor.execute(sql)
    return HttpResponse("ok")
