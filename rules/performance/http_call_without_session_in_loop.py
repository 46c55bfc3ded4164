"""PERF004: `requests.get(...)` in a loop opens a new connection for every call."""

from __future__ import annotations

import libcst as cst

from auditor.analysis.tracking import TrackingRule
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.rules.performance._idle import CallTargets, loops

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
_FUNCTIONS = frozenset(f"{module}.{name}" for module in ("requests", "requests.api") for name in _METHODS)
_TARGETS = CallTargets(_FUNCTIONS)


class HttpCallWithoutSessionInLoop(TrackingRule):
    id = "PERF004"
    title = "HTTP call in a loop without a shared session"
    category = Category.PERFORMANCE
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 10
    tags = ("http",)
    refs = (
        "https://requests.readthedocs.io/en/latest/user/advanced/#session-objects",
        "https://requests.readthedocs.io/en/latest/api/#requests.request",
    )
    why = """
        `requests.get()` and friends build a throw-away Session for every call: a new TCP
        connection, a new TLS handshake (two or three round trips, plus CPU on both ends)
        and a new DNS lookup, each time. In a loop over hundreds of URLs of the same host
        that is most of the run time, and it exhausts ephemeral ports and the remote
        server's connection limits (TIME_WAIT sockets pile up).
    """
    fix = """
        Create one `requests.Session()` before the loop (or once per client object) and
        call `session.get(...)`: it keeps connections alive and reuses them per host.
    """
    example = Example(
        before="""
            import requests

            def fetch_all(ids):
                return [requests.get(f"https://api.example.com/items/{i}", timeout=5).json() for i in ids]
        """,
        after="""
            import requests

            def fetch_all(ids):
                with requests.Session() as session:
                    return [session.get(f"https://api.example.com/items/{i}", timeout=5).json() for i in ids]
        """,
    )
    VALID = [
        """
        import requests
        def fetch(url):
            return requests.get(url, timeout=5)
        def fetch_all(urls):
            with requests.Session() as session:
                for url in urls:
                    session.get(url, timeout=5)
        """,
        # The iterable is evaluated once.
        """
        import requests
        for item in requests.get(URL, timeout=5).json():
            print(item)
        """,
    ]
    INVALID = [
        """
        import requests
        from requests import post
        def sync(items):
            for item in items:
                requests.put(f"{BASE}/{item.id}", json=item.data, timeout=5)  # expect
            while queue:
                post(URL, data=queue.pop(), timeout=5)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # Never in tests; elsewhere a report is a call of one of _FUNCTIONS in a loop body.
        self.idle = context.is_test or not _TARGETS.possible(context, loops)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.frame.loops or self.context.is_test:
            return
        name = self.qualify(node.func)
        if name in _FUNCTIONS:
            self.report(node, f"{name}() in a loop opens a new connection per call; reuse a requests.Session()")
