"""SEC217: a plain `http://` URL to a remote host, used for an API call or configured as one."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.security._idle_patterns import facts
from auditor.rules.security._patterns import argument, is_remote_host, string_value, target_words, url_host

_CLIENT_PACKAGES = ("requests.", "httpx.", "aiohttp.", "urllib3.")
_CLIENT_CALLS = frozenset({"urllib.request.urlopen", "urllib.request.Request", "http.client.HTTPConnection"})
_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "ws_connect"})
_URL_WORDS = frozenset({"url", "uri", "endpoint", "endpoints", "api", "webhook", "base", "server", "backend", "service", "host"})
# Links shown to people, not called by the code.
_LINK_WORDS = frozenset(
    {
        "static", "media", "doc", "docs", "documentation", "homepage", "home", "website", "site", "schema",
        "namespace", "ns", "license", "download", "repo", "repository", "project", "source", "issue", "issues",
        "bug", "bugs", "tracker", "help", "about", "terms", "privacy", "image", "logo", "icon", "avatar", "link",
        "links", "page", "redirect", "example", "sample", "test", "mock", "fake", "proxy", "proxies", "xmlns",
    }
)
_SENDS = ("auth", "headers", "cookies", "data", "json", "files", "params")


def _http_url(expr: cst.BaseExpression | None) -> str | None:
    """The host of a literal `http://` URL to a remote host (f-strings: a literal host)."""
    if expr is None:
        return None
    text = string_value(expr)
    if text is None and isinstance(expr, cst.FormattedString):
        first = expr.parts[0] if expr.parts else None
        text = first.value if isinstance(first, cst.FormattedStringText) else None
        if text is not None and "/" not in text.partition("://")[2]:
            return None  # f"http://{host}/..." or f"http://api.x.com{path}": host not closed
    if text is None or not text.lower().startswith("http://"):
        return None
    host = url_host(text)
    return host if host and is_remote_host(host) else None


class CleartextHttpUrl(Rule):
    id = "SEC217"
    title = "Plain HTTP to a remote service"
    category = Category.SECURITY
    # Stage-sensitive: an internal HTTP hop may be acceptable early and a finding later.
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    cwe = (319,)
    tags = ("tls", "stage-sensitive")
    options = {"include-tests": False}
    effort = 5
    refs = (
        "https://cwe.mitre.org/data/definitions/319.html",
        "https://owasp.org/www-project-top-ten/2017/A3_2017-Sensitive_Data_Exposure",
    )
    why = """
        A request to `http://` travels in clear text: anyone on the path (the data
        centre network, a compromised router, a public Wi-Fi upstream of a developer)
        reads the API keys, tokens and personal data it carries and can change the
        response the service then trusts. Reported for literal `http://` URLs to public
        hosts passed to an HTTP client (requests, httpx, aiohttp, urllib) or assigned to
        a URL/endpoint setting; loopback, private addresses, single-label service names
        (`http://api:8000`), reserved test domains and XML namespaces are not. Medium
        when the call sends credentials or data. Test code is skipped.
    """
    fix = """
        Use `https://` (every public API supports it); for an internal service that only
        speaks HTTP, put it behind TLS (a service mesh, a TLS-terminating sidecar) or
        keep the URL in configuration per environment rather than in code.
    """
    example = Example(
        before="""
            import requests

            def charge(card_token: str) -> dict:
                return requests.post("http://api.payments.example-psp.com/v1/charges", json={"card": card_token}, timeout=5).json()
        """,
        after="""
            import requests

            def charge(card_token: str) -> dict:
                return requests.post("https://api.payments.example-psp.com/v1/charges", json={"card": card_token}, timeout=5).json()
        """,
    )
    VALID = [
        """
        import requests
        requests.get("https://api.github.com/repos", timeout=5)
        requests.get("http://localhost:8000/health", timeout=5)
        requests.get("http://127.0.0.1/x", timeout=5)
        requests.get("http://10.0.0.12/metrics", timeout=5)
        requests.get("http://api:8000/v1/items", timeout=5)
        requests.get("http://service.default.svc.cluster.local/x", timeout=5)
        requests.get(f"http://{host}/x", timeout=5)
        requests.get("http://example.com/x", timeout=5)
        NS = "http://www.w3.org/2000/svg"
        HOMEPAGE_URL = "http://www.djangoproject.com/"
        """,
    ]
    INVALID = [
        """
        import httpx
        import requests
        from urllib.request import urlopen
        API_URL = "http://api.partner-bank.com/v2"  # expect
        requests.get("http://api.weather.com/forecast?key=abc", timeout=5)  # expect
        client = httpx.Client(base_url="http://billing.acme-corp.io")  # expect
        urlopen("http://203.0.113.7/upload")
        urlopen("http://8.8.8.8/upload")  # expect
        session.post(f"http://hooks.slack.com/services/{path}", json=msg)  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.idle = self._skip() or not _http_literal(self.context)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._skip():
            return
        for target in node.targets:
            ws = set(target_words(target.target))
            if ws & _URL_WORDS and not ws & _LINK_WORDS:
                host = _http_url(node.value)
                if host is not None:
                    self.report(node, f"plain HTTP to {host}: credentials and data travel in clear text")
                    return

    def visit_Call(self, node: cst.Call) -> None:
        if self._skip():
            return
        name = self.qualify(node.func) or ""
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else ""
        client = name.startswith(_CLIENT_PACKAGES) or name in _CLIENT_CALLS
        if not client and method not in _VERBS:
            return
        url = argument(node, "url", 1 if method == "request" else 0)
        host = _http_url(url.value) if url is not None else None
        if host is None:
            base = argument(node, "base_url")
            host = _http_url(base.value) if base is not None else None
        if host is None:
            return
        sends = any(argument(node, kw) is not None for kw in _SENDS) or method in ("post", "put", "patch")
        self.report(
            node,
            f"plain HTTP to {host}" + (": the request's data travels in clear text" if sends else ""),
            severity=Severity.MEDIUM if sends else None,
        )

    def _skip(self) -> bool:
        return self.context.is_test and not self.opts["include-tests"]



def _http_literal(context: FileContext) -> bool:
    """Every report needs `_http_url` to give a host: a str literal (adjacent ones folded,
    as `string_value` reads them) that is an `http://` URL to a remote host, or an f-string
    whose leading text starts with `http://` and closes the host with "/" (that text is
    read unescaped by libcst, so its host is not judged here)."""
    found = facts(context)
    if found is None:
        return True
    for node in found.of(ast.JoinedStr):
        first = node.values[0] if node.values else None
        if first.__class__ is ast.Constant:
            text = first.value  # type: ignore[union-attr]
            if text.lower().startswith("http://") and "/" in text.partition("://")[2]:
                return True
    for text in found.maybe_urls:
        if text.lower().startswith("http://"):
            host = url_host(text)
            if host and is_remote_host(host):
                return True
    return False
