"""Django: a URL argument joined to a workspace root and deleted with shutil.rmtree; vulnerable."""
import os
import shutil

from django.http import JsonResponse

WORKSPACES = "/srv/workspaces"


def delete_workspace(request, project):
    target = os.path.join(WORKSPACES, project)
    shutil.rmtree(target, ignore_errors=True)
    return JsonResponse({"deleted": project})
