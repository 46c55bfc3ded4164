"""Django: an INI document from the body read with configparser; a hook value from it is exec()ed; vulnerable."""
import configparser

from django.http import JsonResponse


def save_settings(request):
    cfg = configparser.ConfigParser()
    cfg.read_string(request.body.decode("utf-8"))
    hook = cfg.get("hooks", "on_save", fallback="")
    if hook:
        exec(hook, {"settings": dict(cfg["main"])})
    return JsonResponse({"sections": cfg.sections()})
