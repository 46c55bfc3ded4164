"""Django: a dict holds the user URL and a constant endpoint; the request reads the constant key; safe."""
import requests
from django.http import JsonResponse


def report_link(request):
    record = {"reported": request.POST.get("link", ""), "endpoint": "https://abuse.example.com/api/reports"}
    r = requests.post(record["endpoint"], json={"link": record["reported"]}, timeout=5)
    return JsonResponse({"accepted": r.status_code == 202})
