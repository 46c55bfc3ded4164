"""Django: an OAuth `state` parameter base64-decoded into the post-login redirect; vulnerable."""
import base64
import json

from django.shortcuts import redirect


def oauth_return(request):
    state = json.loads(base64.urlsafe_b64decode(request.GET["state"]))
    return redirect(state["return_url"])
