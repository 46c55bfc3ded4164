"""Django: exec of the posted hook lives under a module constant False; the live path only echoes its size; safe."""
from django.http import JsonResponse

ENABLE_SCRIPT_HOOKS = False


def save_hook(request):
    source = request.POST.get("hook", "")
    if ENABLE_SCRIPT_HOOKS:
        exec(source, {})
    return JsonResponse({"stored": False, "size": len(source)})
