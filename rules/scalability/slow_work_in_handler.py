"""SCAL003: mail, subprocesses or sleeps run inside a request handler."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.analysis.tracking import TrackingRule
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.analysis.idle import CallTargets, handlers

_MAIL = "sending mail (an SMTP round trip of seconds)"
_PROCESS = "a subprocess"
_SLOW: dict[str, str] = {
    "smtplib.SMTP": _MAIL,
    "smtplib.SMTP_SSL": _MAIL,
    "django.core.mail.send_mail": _MAIL,
    "django.core.mail.send_mass_mail": _MAIL,
    "django.core.mail.mail_admins": _MAIL,
    "django.core.mail.mail_managers": _MAIL,
    "django.core.mail.EmailMessage().send": _MAIL,
    "django.core.mail.EmailMultiAlternatives().send": _MAIL,
    "flask_mail.Mail().send": _MAIL,
    "subprocess.run": _PROCESS,
    "subprocess.call": _PROCESS,
    "subprocess.check_call": _PROCESS,
    "subprocess.check_output": _PROCESS,
    "subprocess.Popen": _PROCESS,
    "os.system": _PROCESS,
    "time.sleep": "a sleep",
}

_TARGETS = CallTargets(_SLOW)


def _sync_handlers(context: FileContext) -> list[ast.AST] | None:
    """The possible request handlers that are not `async def`."""
    found = handlers(context)
    return found if found is None else [fn for fn in found if isinstance(fn, ast.FunctionDef)]


class SlowWorkInHandler(TrackingRule):
    id = "SCAL003"
    title = "Slow work (mail, subprocess, sleep) inside a request handler"
    category = Category.SCALABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 45
    tags = ("web", "workers")
    refs = (
        "https://docs.celeryq.dev/en/stable/userguide/tasks.html",
        "https://fastapi.tiangolo.com/tutorial/background-tasks/",
        "https://docs.djangoproject.com/en/stable/topics/email/",
    )
    why = """
        A request worker is occupied for the whole handler. Sending mail (seconds when the
        SMTP server is slow), running a subprocess or sleeping holds it that long, so a
        small pool of workers is exhausted by a few concurrent requests: latency climbs for
        everyone, the load balancer times out, and a slow mail server becomes an outage of
        your site. If the request times out, the work may run twice or not at all.
    """
    fix = """
        Enqueue the work (Celery/RQ/Dramatiq task, `transaction.on_commit(lambda: task.delay(...))`)
        and answer at once (202 Accepted with a status URL if the client needs the result).
    """
    example = Example(
        before="""
            from django.core.mail import send_mail
            from django.http import JsonResponse

            def signup(request):
                user = create_user(request.POST)
                send_mail("Welcome", "Hi!", "noreply@example.com", [user.email])
                return JsonResponse({"id": user.pk})
        """,
        after="""
            from django.db import transaction
            from django.http import JsonResponse

            from accounts.tasks import send_welcome_mail

            def signup(request):
                user = create_user(request.POST)
                transaction.on_commit(lambda: send_welcome_mail.delay(user.pk))
                return JsonResponse({"id": user.pk})
        """,
    )
    VALID = [
        """
        import subprocess
        from django.core.mail import send_mail
        def nightly_report():
            subprocess.run(["make", "report"], check=True)
            send_mail("Report", "done", "a@example.com", ["b@example.com"])
        """,
    ]
    INVALID = [
        """
        import subprocess
        import time
        from flask import Flask
        app = Flask(__name__)
        @app.post("/thumbnail")
        def thumbnail():
            subprocess.run(["convert", "in.png", "out.png"], check=True)  # expect
            time.sleep(2)  # expect
            return "", 204
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # A report is a call of one of _SLOW in a request handler that is not `async def`.
        self.idle = not _TARGETS.possible(context, _sync_handlers)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.frame.handler or self.frame.is_async:
            return  # in async handlers PERF001 reports these as blocking calls
        name = self.qualify(node.func)
        if name in _SLOW:
            self.report(node, f"{name}() in request handler {self.frame.handler}() runs {_SLOW[name]} while the client waits; use a task queue")
