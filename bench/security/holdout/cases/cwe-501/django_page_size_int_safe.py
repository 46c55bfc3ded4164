"""Django: page size converted with int() and clamped to 10..100 before it is stored in the session; safe."""
from django.http import HttpResponseBadRequest, JsonResponse


def set_page_size(request):
    try:
        size = int(request.GET.get("n", "20"))
    except ValueError:
        return HttpResponseBadRequest("n must be a number")
    size = max(10, min(size, 100))
    request.session["page_size"] = size
    return JsonResponse({"page_size": size})
