"""Django: coupon code from a same-file helper written straight into request.session; vulnerable."""
from django.http import JsonResponse


def _coupon(request):
    return request.POST.get("coupon", "").upper()


def apply_coupon(request):
    code = _coupon(request)
    request.session["coupon_code"] = code
    request.session.modified = True
    return JsonResponse({"applied": code})
