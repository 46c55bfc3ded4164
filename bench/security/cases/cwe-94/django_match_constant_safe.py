"""Django: a match on a constant selects the branch that evaluates a constant; the exec of POST data is dead; safe."""
from django.http import JsonResponse


def run(request):
    code = request.POST.get("code", "")
    scope = {}
    match "locked":
        case "open":
            exec(code, scope)
        case _:
            exec("status = 'scripts are disabled'", scope)
    return JsonResponse({"status": scope.get("status"), "size": len(code)})
