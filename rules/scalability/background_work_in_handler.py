"""SCAL002: a thread or process started from a request handler."""

from __future__ import annotations

import libcst as cst

from auditor.analysis.tracking import TrackingRule
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.analysis.idle import CallTargets, handlers

_SPAWN = frozenset(
    {
        "threading.Thread", "threading.Timer", "multiprocessing.Process", "multiprocessing.Pool",
        "concurrent.futures.ThreadPoolExecutor", "concurrent.futures.ProcessPoolExecutor",
        "_thread.start_new_thread", "os.fork",
    }
)

_TARGETS = CallTargets(_SPAWN)


class BackgroundWorkInHandler(TrackingRule):
    id = "SCAL002"
    title = "Thread or process started in a request handler"
    category = Category.SCALABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 60
    tags = ("web", "workers")
    refs = (
        "https://docs.celeryq.dev/en/stable/getting-started/introduction.html",
        "https://fastapi.tiangolo.com/tutorial/background-tasks/",
        "https://python-rq.org/",
    )
    why = """
        A thread or process started per request is unbounded: a traffic spike starts
        thousands of them and the worker runs out of memory or file descriptors. The work
        is also fragile: it dies silently when the worker is recycled, deployed or
        OOM-killed, it is never retried, nothing reports its failures, and a pool or
        executor created per request is never shut down.
    """
    fix = """
        Hand the work to a task queue (Celery, RQ, Dramatiq, a cloud queue) with retries and
        monitoring; for small fire-and-forget jobs use the framework's mechanism
        (FastAPI `BackgroundTasks`) or one bounded executor created at start-up.
    """
    example = Example(
        before="""
            import threading
            from flask import Flask

            app = Flask(__name__)

            @app.post("/reports")
            def create_report():
                threading.Thread(target=build_report).start()
                return "", 202
        """,
        after="""
            from flask import Flask
            from tasks import build_report  # a Celery task

            app = Flask(__name__)

            @app.post("/reports")
            def create_report():
                build_report.delay()
                return "", 202
        """,
    )
    VALID = [
        """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        from fastapi import FastAPI
        app = FastAPI()
        EXECUTOR = ThreadPoolExecutor(max_workers=4)
        @app.post("/jobs")
        def job():
            EXECUTOR.submit(work)
        def start():
            threading.Thread(target=loop, daemon=True).start()
        """,
    ]
    INVALID = [
        """
        import multiprocessing
        from threading import Thread
        from django.http import HttpResponse
        def export(request):
            Thread(target=send, args=(request.user.email,)).start()  # expect
            multiprocessing.Process(target=render).start()  # expect
            return HttpResponse(status=202)
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # A report is a call of one of _SPAWN in a request handler.
        self.idle = not _TARGETS.possible(context, handlers)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.frame.handler:
            return
        name = self.qualify(node.func)
        if name in _SPAWN:
            self.report(node, f"{name}() started in request handler {self.frame.handler}(): unbounded, lost on restart; use a task queue")
