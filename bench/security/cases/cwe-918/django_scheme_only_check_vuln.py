"""Django: a scheme-only check (https://) still lets the user pick any host; vulnerable."""
import requests
from django.http import HttpResponseBadRequest, JsonResponse


def import_calendar(request):
    url = request.POST.get("ics_url", "")
    if not url.startswith("https://"):
        return HttpResponseBadRequest("https only")
    text = requests.get(url, timeout=10).text
    return JsonResponse({"events": text.count("BEGIN:VEVENT")})
