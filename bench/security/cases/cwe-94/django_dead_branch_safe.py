"""Django: the exec() of POST data sits under an always-false constant condition; safe."""
from django.http import JsonResponse


def run(request):
    code = request.POST.get("code", "")
    result = {}
    if 7 * 3 > 200:
        exec(code, result)
    return JsonResponse({"length": len(code), "ran": bool(result)})
