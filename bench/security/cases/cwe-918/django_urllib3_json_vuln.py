"""Django: a URL from the JSON body fetched with a urllib3 PoolManager; vulnerable."""
import json

import urllib3
from django.http import JsonResponse

pool = urllib3.PoolManager()


def link_check(request):
    url = json.loads(request.body)["url"]
    resp = pool.request("HEAD", url, timeout=3.0)
    return JsonResponse({"alive": resp.status < 400})
