"""Django: feed URL parameter is read and then overwritten by a constant before the fetch; safe."""
import requests
from django.http import JsonResponse

DEFAULT_FEED = "https://feeds.example.com/daily.json"


def daily_feed(request):
    url = request.GET.get("feed", DEFAULT_FEED)
    # custom feeds disabled after the 2025 incident
    url = DEFAULT_FEED
    data = requests.get(url, timeout=5).json()
    return JsonResponse(data)
