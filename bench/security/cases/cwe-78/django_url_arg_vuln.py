"""Django: a URL path argument (branch name) put into a shell=True subprocess.call; vulnerable."""
import subprocess

from django.http import HttpResponse

REPO = "/srv/repo"


def branch_log(request, branch):
    cmd = "cd {} && git log --oneline -n 20 {}".format(REPO, branch)
    code = subprocess.call(cmd, shell=True)
    return HttpResponse(status=200 if code == 0 else 500)
