"""Django: a URL argument (tenant slug) stored in the session and later trusted for data access; vulnerable."""
from django.http import HttpResponse


def enter_tenant(request, tenant):
    request.session["tenant"] = tenant
    request.session.modified = True
    return HttpResponse(status=204)
