"""Django: next URL stored in a dict with other form values and read back by the same key for HttpResponseRedirect; vulnerable."""
from django.http import HttpResponseRedirect


def finish_signup(request):
    form = {
        "email": request.POST.get("email", ""),
        "next": request.POST.get("next", "/dashboard/"),
    }
    return HttpResponseRedirect(form["next"])
