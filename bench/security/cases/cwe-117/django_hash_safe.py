"""Django: only a SHA-256 hex digest of the e-mail is logged; safe."""
import hashlib
import logging

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def password_reset(request):
    email = request.POST.get("email", "")
    logger.info("password reset requested for %s", hashlib.sha256(email.encode()).hexdigest())
    return JsonResponse({"sent": True})
