"""PERF002: an outbound HTTP call that can wait forever on a stalled server."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from auditor.helpers import has_star_kwargs, is_none, keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

# requests has no default timeout: no `timeout=` means wait forever.
_REQUESTS = frozenset(
    [f"requests.{name}" for name in _METHODS] + [f"requests.api.{name}" for name in _METHODS]
)
# httpx defaults to 5 seconds: only an explicit `timeout=None` disables it.
_HTTPX = frozenset([f"httpx.{name}" for name in (*_METHODS, "stream")])
# urlopen(url, data=None, timeout=<socket default, None unless set>)
_URLOPEN = frozenset({"urllib.request.urlopen"})

# A `(connect, read)` tuple with a None half still waits forever on that half.
_TUPLE_WITH_NONE = m.Tuple(elements=[m.ZeroOrMore(), m.Element(value=m.Name("None")), m.ZeroOrMore()])


class RequestWithoutTimeout(Rule):
    id = "PERF002"
    title = "HTTP request without a timeout"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    supersedes = ("B113",)  # bandit's broader check, same line: one finding
    confidence = Confidence.HIGH
    cwe = (400,)
    refs = (
        "https://requests.readthedocs.io/en/latest/user/advanced/#timeouts",
        "https://www.python-httpx.org/advanced/timeouts/",
        "https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen",
    )
    why = """
        `requests` has no default timeout, and neither has `urllib.request.urlopen` unless
        `socket.setdefaulttimeout()` was called: if the remote server accepts the
        connection and then stops answering (overloaded, a dropped packet, a half-open
        TCP connection behind a load balancer), the call blocks forever. Each stuck call
        pins a worker thread or process; under an upstream incident they pile up until
        the service stops serving its own traffic, and the hang leaves no error to alert
        on. httpx defaults to 5 seconds, so for httpx only an explicit `timeout=None` is
        reported.
    """
    fix = """
        Pass an explicit timeout sized for the call, e.g. `timeout=(3.05, 30)` (connect,
        read) for requests, `timeout=10` for urlopen and httpx. Define it once as a
        constant or on a shared Session/Client wrapper so every call gets it.
    """
    example = Example(
        before="""
            import requests

            def fetch_rates():
                return requests.get("https://api.example.com/rates").json()
        """,
        after="""
            import requests

            def fetch_rates():
                return requests.get("https://api.example.com/rates", timeout=(3.05, 10)).json()
        """,
    )
    VALID = [
        """
        import requests
        requests.get(url, timeout=5)
        requests.post(url, json=body, timeout=(3.05, 27))
        requests.request("GET", url, timeout=TIMEOUT)
        """,
        # `**kwargs` may carry the timeout.
        """
        import requests
        def call(url, **kwargs):
            return requests.get(url, **kwargs)
        """,
        # httpx has a 5 s default timeout.
        """
        import httpx
        httpx.get(url)
        httpx.post(url, json=body, timeout=10)
        """,
        # urlopen's timeout given by keyword or as the third positional argument.
        """
        from urllib.request import urlopen
        urlopen(url, timeout=10)
        urlopen(url, None, 10)
        """,
        # Not the requests module: a dict's get, a local function, a session wrapper.
        """
        import requests
        config.get("url")
        session.get(url)
        def get(url):
            return url
        get("https://example.com")
        """,
        """
        from myproject.http import requests
        requests.get(url)
        """,
    ]
    INVALID = [
        """
        import requests
        requests.get("https://example.com")  # expect
        requests.post(  # expect
            "https://example.com",
            json={"a": 1},
        )
        requests.request("GET", url, timeout=None)  # expect
        requests.get(url, timeout=(3.05, None))  # expect
        """,
        """
        from requests import get as fetch
        fetch(url, headers=headers)  # expect
        """,
        """
        import httpx
        httpx.get(url, timeout=None)  # expect
        httpx.get(url)
        """,
        """
        import urllib.request
        urllib.request.urlopen(url)  # expect
        urllib.request.urlopen(url, data)  # expect
        urllib.request.urlopen(url, timeout=None)  # expect
        """,
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.qualify(node.func)
        if name is None:
            return
        if name in _REQUESTS:
            self._check_requests(node, name)
        elif name in _HTTPX:
            arg = keyword_arg(node, "timeout")
            if arg is not None and is_none(arg.value):
                self.report(
                    node, f"{name}(timeout=None) disables httpx's default timeout and can hang forever"
                )
        elif name in _URLOPEN:
            self._check_urlopen(node, name)

    def _check_requests(self, node: cst.Call, name: str) -> None:
        arg = keyword_arg(node, "timeout")
        if arg is None:
            if not has_star_kwargs(node):
                self.report(node, f"{name}() without timeout= waits forever if the server stops responding")
        elif is_none(arg.value):
            self.report(node, f"{name}(timeout=None) waits forever if the server stops responding")
        elif m.matches(arg.value, _TUPLE_WITH_NONE):
            self.report(node, f"{name}() with a None half in its (connect, read) timeout can wait forever")

    def _check_urlopen(self, node: cst.Call, name: str) -> None:
        arg = keyword_arg(node, "timeout")
        if arg is not None:
            if is_none(arg.value):
                self.report(node, f"{name}(timeout=None) waits forever if the server stops responding")
            return
        positional = [a for a in node.args if a.keyword is None]
        if len(positional) >= 3 or any(a.star for a in node.args):
            return
        self.report(node, f"{name}() without a timeout waits forever if the server stops responding")
