"""SEC215: SSL 2/3 or TLS 1.0/1.1 selected for a connection."""

from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, skips_tests

_SSL = ("SSLv2", "SSLv3")
_OLD_TLS = ("TLSv1", "TLSv1_1")
_PROTOCOLS: dict[str, str] = {
    **{f"ssl.PROTOCOL_{p}": p for p in (*_SSL, *_OLD_TLS)},
    **{f"ssl.TLSVersion.{p}": p for p in ("SSLv3", *_OLD_TLS)},
    **{f"OpenSSL.SSL.{p}_METHOD": p for p in (*_SSL, *_OLD_TLS)},
}
_REACHED = QualifiedTargets(_PROTOCOLS)


class ObsoleteTlsProtocol(Rule):
    id = "SEC215"
    title = "Obsolete SSL/TLS protocol version"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (327, 757)
    supersedes = ("B502", "B503")
    tags = ("tls", "crypto")
    options = {"include-tests": False}
    effort = 10
    refs = (
        "https://datatracker.ietf.org/doc/html/rfc8996",
        "https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version",
        "https://cwe.mitre.org/data/definitions/757.html",
    )
    why = """
        SSL 2 and 3 are broken (DROWN, POODLE): traffic can be decrypted. TLS 1.0 and 1.1
        are deprecated by RFC 8996 (BEAST, weak MACs and hashes, no AEAD ciphers) and
        refused by current browsers and PCI DSS; a server or client that still selects
        them lets an attacker on the path force the weakest version both sides accept.
        Reported where code selects such a version (a protocol constant, a
        `minimum_version`, a pyOpenSSL method); comparisons that test for it are not.
    """
    fix = """
        Use `ssl.create_default_context()` (TLS 1.2+ on current Python) and, to be
        explicit, `ctx.minimum_version = ssl.TLSVersion.TLSv1_2`; with pyOpenSSL use
        `TLS_METHOD` plus `set_min_proto_version(TLS1_2_VERSION)`.
    """
    example = Example(
        before="""
            import ssl

            ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
        """,
        after="""
            import ssl

            ctx = ssl.create_default_context()
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        """,
    )
    VALID = [
        """
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if ctx.minimum_version == ssl.TLSVersion.TLSv1:
            raise ValueError("too old")
        legacy = getattr(ssl, "PROTOCOL_SSLv3", None)
        """,
    ]
    INVALID = [
        """
        import ssl
        from ssl import PROTOCOL_SSLv3
        from OpenSSL import SSL
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)  # expect
        ctx.minimum_version = ssl.TLSVersion.TLSv1  # expect
        sock = ssl.wrap_socket(raw, ssl_version=PROTOCOL_SSLv3)  # expect
        ossl = SSL.Context(SSL.SSLv3_METHOD)  # expect
        def connect(host, version=ssl.PROTOCOL_TLSv1):  # expect
            pass
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._skip_depth = 0  # inside a comparison or an import statement
        # A name qualifies to one of `_PROTOCOLS` only through a binding that is a prefix
        # of it (an import, or a definition in a module of that name) followed by the
        # attribute names written in the file; else nothing to report.
        self.idle = skips_tests(self) or not _REACHED.reachable(self.context)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        self._skip_depth += 1

    def leave_Comparison(self, original_node: cst.Comparison) -> None:
        self._skip_depth -= 1

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._skip_depth += 1

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self._skip_depth -= 1

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value.endswith(("v2", "v3", "v1", "v1_1", "_METHOD")):
            self._check(node)

    def visit_Name(self, node: cst.Name) -> None:
        if node.value.startswith("PROTOCOL_") or node.value.endswith("_METHOD"):
            self._check(node)

    def _check(self, node: cst.Attribute | cst.Name) -> None:
        if self._skip_depth or (self.context.is_test and not self.opts["include-tests"]):
            return
        version = _PROTOCOLS.get(self.qualify(node) or "")
        if version is None:
            return
        broken = version.startswith("SSL")
        shown = version.replace("_", ".")
        self.report(
            node,
            f"{shown} selected: " + ("broken, traffic can be decrypted" if broken else "deprecated (RFC 8996), downgradable"),
            severity=Severity.HIGH if broken else None,
        )
