"""Django: the redirect target comes from reverse() with the user value as a URL argument; safe."""
from django.shortcuts import redirect
from django.urls import reverse


def open_order(request):
    number = request.GET.get("number", "")
    return redirect(reverse("orders:detail", kwargs={"number": number}))
