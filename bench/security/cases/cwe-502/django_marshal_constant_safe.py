"""Django: marshal.loads of bytes the server produced from a constant; the POST value is plain data; safe."""
import marshal

from django.http import JsonResponse

DEFAULT_RULES = marshal.dumps({"max_items": 10, "max_total": 500})


def check_cart(request):
    rules = marshal.loads(DEFAULT_RULES)
    count = int(request.POST.get("count", "0"))
    return JsonResponse({"allowed": count <= rules["max_items"]})
