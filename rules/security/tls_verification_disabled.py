"""SEC214: HTTPS/TLS connections that do not check the server's certificate."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets
from auditor.rules.security._patterns import argument, is_literal_false, string_value, words

_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "merge_environment_settings"})
_CLIENTS = frozenset(
    {"requests.Session", "requests.session", "requests.sessions.Session", "httpx.Client", "httpx.AsyncClient"}
)
_UNVERIFIED = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})
_CERT_NONE = frozenset({"ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE"})
_CLIENT_WORDS = frozenset({"session", "client", "http", "s", "sess"})
_UNVERIFIED_REACHED = QualifiedTargets(_UNVERIFIED)
_CERT_NONE_REACHED = QualifiedTargets(_CERT_NONE)
# Attribute or keyword names that are reported with a literal value alone.
_FLAG_NAMES = frozenset({"check_hostname", "verify", "cert_reqs"})
_AIOHTTP_FLAGS = frozenset({"ssl", "verify_ssl"})


def _is_http_library(name: str | None) -> bool:
    return bool(name) and name.split(".")[0] in ("requests", "httpx", "aiohttp")  # type: ignore[union-attr]


class TlsVerificationDisabled(Rule):
    id = "SEC214"
    title = "TLS certificate verification disabled"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (295,)
    supersedes = ("B501", "B323")
    tags = ("tls", "crypto")
    options = {"include-tests": False}
    effort = 15
    refs = (
        "https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification",
        "https://www.python-httpx.org/advanced/ssl/",
        "https://docs.python.org/3/library/ssl.html#ssl.SSLContext.check_hostname",
        "https://cwe.mitre.org/data/definitions/295.html",
    )
    why = """
        Without certificate verification HTTPS still encrypts, but to whoever answers:
        anyone on the network path (a hotel Wi-Fi, a compromised router, a malicious
        proxy or a DNS spoof) can present any certificate, read the traffic and change
        it, so API keys, passwords and tokens sent over the connection are theirs, and
        the responses the service trusts are theirs too. Reported for `verify=False`
        (requests, httpx, aiohttp `ssl=False`), a session's `verify = False`,
        `ssl._create_unverified_context()`, `check_hostname = False`,
        `verify_mode = CERT_NONE` and `cert_reqs=CERT_NONE`. Test code is skipped
        (option `include-tests`).
    """
    fix = """
        Keep verification on. For an internal CA pass its bundle: `verify="/etc/ssl/
        internal-ca.pem"` (requests/httpx), `ssl.create_default_context(cafile=...)`;
        for a self-signed development server, trust its certificate rather than turning
        checks off, and never ship the switch to production.
    """
    example = Example(
        before="""
            import requests

            def fetch(url: str, token: str) -> dict:
                return requests.get(url, headers={"Authorization": token}, verify=False, timeout=5).json()
        """,
        after="""
            import requests

            def fetch(url: str, token: str) -> dict:
                return requests.get(url, headers={"Authorization": token}, verify="/etc/ssl/corp-ca.pem", timeout=5).json()
        """,
    )
    VALID = [
        """
        import requests, ssl, httpx
        requests.get(url, verify=True, timeout=5)
        requests.get(url, verify=settings.CA_BUNDLE, timeout=5)
        httpx.Client(verify="/etc/ssl/ca.pem")
        ctx = ssl.create_default_context(cafile="ca.pem")
        ctx.check_hostname = True
        ctx.verify_mode = ssl.CERT_REQUIRED
        """,
        # Not TLS: a form's verify flag, a job runner.
        """
        form.verify = False
        signer.sign(data, verify=False)
        """,
    ]
    INVALID = [
        """
        import requests, ssl, httpx, urllib3
        requests.post(url, data=body, verify=False, timeout=5)  # expect
        client = httpx.AsyncClient(verify=False)  # expect
        session = requests.Session()
        session.verify = False  # expect
        session.get(url, verify=False)  # expect
        ctx = ssl._create_unverified_context()  # expect
        ssl._create_default_https_context = ssl._create_unverified_context  # expect
        ctx2 = ssl.create_default_context()
        ctx2.check_hostname = False  # expect
        ctx2.verify_mode = ssl.CERT_NONE  # expect
        pool = urllib3.PoolManager(cert_reqs="CERT_NONE")  # expect
        """,
        """
        import aiohttp
        async def fetch(url):
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as s:  # expect
                async with s.get(url, ssl=False) as r:  # expect
                    return await r.text()
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._clients: set[str] = set()
        self.idle = self._skip() or not self._can_report()

    def _can_report(self) -> bool:
        """The report paths: a name qualified to an unverified-context factory;
        `check_hostname`, `verify` or `cert_reqs` (attribute or keyword);
        `verify_mode = <ssl.CERT_NONE>`; aiohttp's `ssl=`/`verify_ssl=`."""
        ctx = self.context
        if _UNVERIFIED_REACHED.reachable(ctx):
            return True
        if ctx.index is None:
            return True
        names = ctx.index.names
        if not _FLAG_NAMES.isdisjoint(names):
            return True
        if "verify_mode" in names and _CERT_NONE_REACHED.reachable(ctx):
            return True
        if _AIOHTTP_FLAGS.isdisjoint(names):
            return False
        bindings = ctx.imports.bindings.values()
        return self._imports_aiohttp() or any(b == "aiohttp" or b.startswith("aiohttp.") for b in bindings)

    def _skip(self) -> bool:
        return self.context.is_test and not self.opts["include-tests"]

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._skip():
            return
        value = node.value
        if isinstance(value, cst.Call) and self.qualify(value.func) in _CLIENTS:
            self._clients.update(dotted(t.target) for t in node.targets)
        if self.qualify(value) in _UNVERIFIED:
            self.report(node, "the default HTTPS context replaced by an unverified one: no certificate checks anywhere")
            return
        for target in node.targets:
            if isinstance(target.target, cst.Attribute):
                self._check_attribute(node, target.target, value)

    def _check_attribute(self, node: cst.Assign, target: cst.Attribute, value: cst.BaseExpression) -> None:
        attr = target.attr.value
        if attr == "check_hostname" and is_literal_false(value):
            self.report(node, "check_hostname = False: any valid certificate for any host is accepted")
        elif attr == "verify_mode" and self.qualify(value) in _CERT_NONE:
            self.report(node, "verify_mode = CERT_NONE: the server certificate is not checked")
        elif attr == "verify" and is_literal_false(value):
            owner = dotted(target.value)
            if owner in self._clients or set(words(owner.rsplit(".", 1)[-1])) & _CLIENT_WORDS:
                self.report(node, f"{owner}.verify = False: every request of this session skips certificate checks")

    def visit_Call(self, node: cst.Call) -> None:
        if self._skip():
            return
        name = self.qualify(node.func)
        if name in _UNVERIFIED:
            self.report(node, f"{name}() makes a context that checks no certificate")
            return
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else ""
        http = _is_http_library(name) or method in _VERBS
        verify = argument(node, "verify")
        if http and verify is not None and is_literal_false(verify.value):
            self.report(node, "verify=False: the server certificate is not checked")
            return
        ssl_arg = argument(node, "ssl") or argument(node, "verify_ssl")
        aiohttp = (name or "").startswith("aiohttp.") or (method in _VERBS and self._imports_aiohttp())
        if aiohttp and ssl_arg is not None and is_literal_false(ssl_arg.value):
            self.report(node, "aiohttp ssl=False: the server certificate is not checked")
            return
        cert_reqs = argument(node, "cert_reqs")
        if cert_reqs is not None and (
            self.qualify(cert_reqs.value) in _CERT_NONE or string_value(cert_reqs.value) in ("CERT_NONE", "NONE")
        ):
            self.report(node, "cert_reqs=CERT_NONE: the server certificate is not checked")

    def _imports_aiohttp(self) -> bool:
        return any(ref.target.split(".")[0] == "aiohttp" for ref in self.context.imports.imports)
