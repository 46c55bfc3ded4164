"""Django: a ternary on a constant condition always selects the constant code string; safe."""
from django.http import HttpResponse

FEATURE_USER_SCRIPTS = False


def preview(request):
    user_code = request.GET.get("code", "")
    source = user_code if FEATURE_USER_SCRIPTS else "result = 'preview disabled'"
    scope = {}
    exec(source, scope)
    return HttpResponse(scope["result"])
