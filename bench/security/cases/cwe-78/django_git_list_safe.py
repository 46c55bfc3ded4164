"""Django: a URL argument passed as a list element after `--` to git, no shell; safe."""
import subprocess

from django.http import HttpResponse


def branch_log(request, branch):
    out = subprocess.check_output(
        ["git", "-C", "/srv/repo", "log", "--oneline", "-n", "20", "--", branch], text=True
    )
    return HttpResponse(out, content_type="text/plain")
