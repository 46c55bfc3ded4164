"""Django: constant code compiled once; request data only enters as a variable value, never as code; safe."""
from django.http import JsonResponse

SCORE = compile("len(text.split()) * weight", "<score>", "eval")


def word_score(request):
    text = request.POST.get("text", "")
    value = eval(SCORE, {"__builtins__": {"len": len}}, {"text": text, "weight": 3})
    return JsonResponse({"score": value})
