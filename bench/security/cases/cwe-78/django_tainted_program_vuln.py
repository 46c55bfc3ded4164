"""Django: the program to run comes from POST data (no shell, but the executable is user-chosen); vulnerable."""
import subprocess

from django.http import JsonResponse


def tool_version(request):
    tool = request.POST.get("tool", "python3")
    result = subprocess.run([tool, "--version"], capture_output=True, text=True)
    return JsonResponse({"version": result.stdout.strip()})
