"""Names that hold secrets or personal data: `password`, `api_key`, `user.ssn`,
`request.headers` whole... Used to find what should never be written to a log."""

from __future__ import annotations

import re

import libcst as cst

from auditor.helpers import dotted

_WORDS = frozenset(
    {
        "password", "passwd", "passphrase", "secret", "token", "apikey", "authorization", "credentials",
        "credential", "ssn", "cvv", "cvc", "creditcard", "cardnumber", "bearer", "otp", "totp",
    }
)
_PAIRS = frozenset(
    {
        ("api", "key"), ("access", "key"), ("private", "key"), ("signing", "key"), ("secret", "key"),
        ("credit", "card"), ("card", "number"), ("card", "no"), ("social", "security"), ("auth", "header"),
        ("session", "key"), ("session", "cookie"), ("client", "secret"),
    }
)
# A last word that makes the name about the secret, not the secret: `token_url`, `password_len`.
_BENIGN_LAST = frozenset(
    {
        "len", "length", "count", "name", "names", "type", "types", "kind", "id", "ids", "url", "uri", "urls", "path",
        "file", "filename", "field", "fields", "expiry", "expires", "expiration", "exp", "at", "ttl", "age", "prefix",
        "suffix", "hint", "policy", "required", "reset", "changed", "set", "valid", "validator", "validators",
        "enabled", "disabled", "manager", "backend", "backends", "class", "cls", "mode", "format", "version",
        "provider", "strategy", "endpoint", "scope", "scopes", "source", "label", "description", "error", "errors",
        "exception", "hash", "hashed", "hasher", "hashers", "strength", "min", "max", "pattern", "regex", "rule",
        "rules", "template", "timeout", "lifetime", "status", "state", "form", "view", "env", "var", "setting",
        "settings", "location", "header_name", "used", "usage", "info", "index", "idx", "pos", "position", "line",
        "lineno", "start", "end", "kwargs", "param", "parameter", "method", "methods", "algorithm", "algorithms",
    }
)
_BENIGN_FIRST = frozenset({"is", "has", "n", "num", "len", "count", "max", "min", "no", "use", "should", "needs", "check"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# Whole request mappings: every header (Authorization, Cookie), the WSGI environ, cookies.
_WHOLE = frozenset({"headers", "META", "COOKIES", "cookies", "environ"})
_REQUEST = frozenset({"request", "req", "self.request", "flask.request", "self.req"})


def words_of(identifier: str) -> list[str]:
    return [w for w in _CAMEL.sub("_", identifier).lower().split("_") if w]


def is_sensitive_name(identifier: str) -> bool:
    """`password`, `api_key`, `refreshToken`, `user_ssn` yes; `token_url`, `is_secret`,
    `password_len`, `tokens` no."""
    words = words_of(identifier)
    if not words or words[-1] in _BENIGN_LAST or words[0] in _BENIGN_FIRST:
        return False
    if any(w in _WORDS for w in words):
        return True
    return any(pair in _PAIRS for pair in zip(words, words[1:]))


def is_sensitive_key(text: str) -> bool:
    """A header or mapping key: `Authorization`, `X-Api-Key`, `password`, `Cookie`."""
    key = text.strip().lower().replace("-", "_")
    return key in ("cookie", "set_cookie", "x_api_key", "proxy_authorization") or is_sensitive_name(key)


def whole_request_mapping(node: cst.BaseExpression) -> str:
    """`request.headers` / `request.META` / `request.COOKIES` as written, else ""."""
    if isinstance(node, cst.Attribute) and node.attr.value in _WHOLE and dotted(node.value) in _REQUEST:
        return dotted(node)
    return ""


def string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - an odd literal is simply not a key
            return None
        return value if isinstance(value, str) else None
    return None
