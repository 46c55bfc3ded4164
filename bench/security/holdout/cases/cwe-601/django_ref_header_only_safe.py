"""Django: referral code only goes into a response header; the redirect target comes from reverse(); safe."""
from django.shortcuts import redirect
from django.urls import reverse


def referral(request):
    code = request.GET.get("ref", "")
    response = redirect(reverse("signup"))
    response["X-Referral"] = code[:32]
    return response
