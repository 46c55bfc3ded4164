"""Django: exclude patterns built with a generator expression into an rsync shell command; vulnerable."""
import subprocess

from django.http import JsonResponse


def sync_site(request):
    excludes = " ".join(f"--exclude={p}" for p in request.GET.getlist("exclude"))
    result = subprocess.run("rsync -a " + excludes + " /srv/site/ /srv/mirror/", shell=True)
    return JsonResponse({"rc": result.returncode})
