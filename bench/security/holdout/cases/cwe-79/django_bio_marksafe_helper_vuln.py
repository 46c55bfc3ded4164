"""Django: bio from a same-file helper wrapped in mark_safe and rendered in an autoescaped template; vulnerable."""
from django.shortcuts import render
from django.utils.safestring import mark_safe


def _bio(request):
    return request.POST.get("bio", "")


def preview_profile(request):
    context = {"bio": mark_safe(_bio(request)), "title": "Preview"}
    return render(request, "accounts/preview.html", context)
