"""Django: service host %-formatted into a status URL fetched with httpx; vulnerable."""
import httpx
from django.http import JsonResponse


def service_status(request):
    host = request.GET.get("host", "status.internal")
    url = "http://%s/healthz" % host
    resp = httpx.get(url, timeout=3.0)
    return JsonResponse({"code": resp.status_code, "body": resp.text[:200]})
