"""Django: a cart id parsed with uuid.UUID; only its canonical text goes into the session; safe."""
import uuid

from django.http import HttpResponse


def attach_cart(request, cart_id):
    request.session["cart_id"] = str(uuid.UUID(cart_id))
    return HttpResponse(status=204)
