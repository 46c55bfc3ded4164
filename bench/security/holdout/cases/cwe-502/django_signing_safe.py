"""Django: resume token decoded with django.core.signing.loads, which verifies the signature and uses JSON; safe."""
from django.core import signing
from django.http import HttpResponseBadRequest, JsonResponse


def resume(request):
    token = request.GET.get("token", "")
    try:
        state = signing.loads(token, max_age=3600)
    except signing.BadSignature:
        return HttpResponseBadRequest("bad token")
    return JsonResponse({"step": state.get("step")})
