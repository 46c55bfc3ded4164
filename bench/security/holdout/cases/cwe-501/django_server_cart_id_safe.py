"""Django: session receives a server-generated cart id; the posted note is only logged by length; safe."""
import logging
import uuid

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def start_cart(request):
    note = request.POST.get("note", "")
    logger.info("cart started with a %d-char note", len(note))
    request.session["cart_id"] = str(uuid.uuid4())
    return JsonResponse({"cart": request.session["cart_id"]})
