"""Django: author filter placed in an f-string that is handed to sh -c through an argument list; vulnerable."""
import subprocess

from django.http import HttpResponse


def commits(request):
    author = request.GET.get("author", "")
    script = f"cd /srv/repo && git log --oneline --author={author} | head -n 20"
    proc = subprocess.run(["sh", "-c", script], capture_output=True, text=True)
    return HttpResponse(proc.stdout, content_type="text/plain")
