"""Django: each rule from POST.getlist collected in a list and eval()ed; vulnerable."""
from django.http import JsonResponse


def check_rules(request):
    rules = []
    for rule in request.POST.getlist("rule"):
        rules.append(rule.strip())
    context = {"amount": float(request.POST.get("amount", "0"))}
    results = [bool(eval(r, {}, context)) for r in rules]
    return JsonResponse({"passed": all(results)})
