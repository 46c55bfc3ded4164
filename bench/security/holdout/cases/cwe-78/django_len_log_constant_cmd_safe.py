"""Django: note text is only logged by length; the shell command that runs is a constant string; safe."""
import logging
import subprocess

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def disk_report(request):
    note = request.POST.get("note", "")
    logger.info("disk report requested, note of %d chars", len(note))
    cmd = "df -h /srv"
    cmd += " | tail -n 1"
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
    return JsonResponse({"usage": out.strip()})
