"""Django: a profile bio from POST passed through mark_safe() into the template context; vulnerable."""
from django.shortcuts import render
from django.utils.safestring import mark_safe


def preview_profile(request):
    bio = request.POST.get("bio", "")
    return render(request, "profile/preview.html", {"bio": mark_safe(bio)})
