"""PERF002: an outbound HTTP call that can wait forever on a stalled server."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from auditor.helpers import has_star_kwargs, is_none, keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.performance._idle import CallTargets

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

# requests has no default timeout: no `timeout=` means wait forever.
_REQUESTS = frozenset(
    [f"requests.{name}" for name in _METHODS] + [f"requests.api.{name}" for name in _METHODS]
)
# httpx defaults to 5 seconds: only an explicit `timeout=None` disables it.
_HTTPX = frozenset([f"httpx.{name}" for name in (*_METHODS, "stream")])
# Clients: httpx's default is 5 s, so only `timeout=None` disables it.
_HTTPX_CLIENTS = frozenset({"httpx.Client", "httpx.AsyncClient"})
# aiohttp's default is ClientTimeout(total=300, sock_connect=30): five minutes per request.
_AIOHTTP_SESSIONS = frozenset({"aiohttp.ClientSession", "aiohttp.client.ClientSession"})
_AIOHTTP_TIMEOUT = frozenset({"aiohttp.ClientTimeout", "aiohttp.client.ClientTimeout"})
# urlopen(url, data=None, timeout=<socket default, None unless set>)
_URLOPEN = frozenset({"urllib.request.urlopen"})

# Every report is at a call qualified as one of these.
_TARGETS = CallTargets([*_REQUESTS, *_HTTPX, *_HTTPX_CLIENTS, *_AIOHTTP_SESSIONS, *_URLOPEN])

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
        "https://docs.aiohttp.org/en/stable/client_quickstart.html#timeouts",
    )
    why = """
        `requests` has no default timeout, and neither has `urllib.request.urlopen` unless
        `socket.setdefaulttimeout()` was called: if the remote server accepts the
        connection and then stops answering (overloaded, a dropped packet, a half-open
        TCP connection behind a load balancer), the call blocks forever. Each stuck call
        pins a worker thread or process; under an upstream incident they pile up until
        the service stops serving its own traffic, and the hang leaves no error to alert
        on. httpx defaults to 5 seconds, so for httpx only an explicit `timeout=None` is
        reported, on calls and on `httpx.Client`/`AsyncClient`. An `aiohttp.ClientSession`
        without `timeout=` waits up to five minutes per request (reported at low severity:
        a slow upstream still pins every coroutine that calls it for that long), and an
        empty `aiohttp.ClientTimeout()` has no limit at all.
    """
    fix = """
        Pass an explicit timeout sized for the call, e.g. `timeout=(3.05, 30)` (connect,
        read) for requests, `timeout=10` for urlopen and httpx. Define it once as a
        constant or on a shared Session/Client wrapper so every call gets it. For aiohttp,
        `ClientSession(timeout=aiohttp.ClientTimeout(total=10, sock_connect=3))`.
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
        # file: tests/test_api.py
        import requests
        def test_live_server(live_server):
            assert requests.get(live_server.url).ok
        """,
        """
        from myproject.http import requests
        requests.get(url)
        """,
        # Clients with a timeout (httpx's default one, or an explicit one).
        """
        import aiohttp
        import httpx
        client = httpx.Client()
        async_client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0))
        async def fetch(url):
            timeout = aiohttp.ClientTimeout(total=10)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                return await session.get(url)
        def make(**options):
            return aiohttp.ClientSession(**options)
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
        """
        import aiohttp
        import httpx
        client = httpx.AsyncClient(timeout=None)  # expect
        async def fetch(url):
            async with aiohttp.ClientSession() as session:  # expect
                return await session.get(url)
        unbounded = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout())  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # Tests are never reported; elsewhere every report is at a call of one of _TARGETS.
        self.idle = context.is_test or not _TARGETS.possible(context)

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.is_test:
            return  # tests call local test servers; a hang fails the run visibly
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
        elif name in _HTTPX_CLIENTS:
            arg = keyword_arg(node, "timeout")
            if arg is not None and is_none(arg.value):
                self.report(node, f"{name}(timeout=None): every request of this client can hang forever")
        elif name in _AIOHTTP_SESSIONS:
            self._check_aiohttp(node, name)

    def _check_aiohttp(self, node: cst.Call, name: str) -> None:
        arg = keyword_arg(node, "timeout")
        if arg is None:
            if not has_star_kwargs(node):
                self.report(
                    node,
                    f"{name}() without timeout= uses aiohttp's 5-minute default per request",
                    severity=Severity.LOW,
                )
            return
        value = arg.value
        if is_none(value) or (
            isinstance(value, cst.Call)
            and self.qualify(value.func) in _AIOHTTP_TIMEOUT
            and all(is_none(a.value) for a in value.args)
        ):
            self.report(node, f"{name}() with an empty ClientTimeout has no timeout: requests can hang forever")

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
