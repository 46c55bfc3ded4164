"""OBS006: a secret or personal data passed to a logging call."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.analysis.logging_calls import logging_method
from auditor.analysis.sensitive_names import (
    _WHOLE,  # the attribute names `whole_request_mapping` looks for
    is_sensitive_key,
    is_sensitive_name,
    string_value,
    whole_request_mapping,
)
from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.observability._idle import identifiers, logging_calls, strings
from auditor.walk import children

# Calls that make a value safe to log (or log only its shape).
_MASKING = frozenset(
    {
        "len", "bool", "type", "mask", "redact", "obfuscate", "anonymize", "anonymise", "scrub", "sanitize",
        "sanitise", "hash", "sha256", "sha1", "md5", "fingerprint", "truncate", "censor", "hide", "isinstance",
        "mask_secret", "redact_secret", "masked", "redacted", "hexdigest", "digest", "id", "callable",
    }
)
_LOGGING_KEYWORDS = frozenset({"exc_info", "stack_info", "stacklevel", "extra", "level", "msg"})


class SecretInLogCall(Rule):
    id = "OBS006"
    title = "Secret or personal data written to the log"
    category = Category.OBSERVABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (532,)
    effort = 10
    tags = ("logging", "privacy", "secrets")
    refs = (
        "https://cwe.mitre.org/data/definitions/532.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude",
    )
    why = """
        Logs are copied to log platforms, backups, support tickets and laptops, kept for
        months and readable by far more people than the database. A password, token, API
        key or full `request.headers` (Authorization, Cookie) in a log line is a leaked
        credential that must be rotated; card numbers and national ids in logs put the
        whole log pipeline in PCI/GDPR scope and turn a log leak into a reportable breach.
    """
    fix = """
        Log an identifier instead of the secret (`user.id`, the last four characters, a
        hash prefix), or mask it (`redact(token)`); log selected headers (`User-Agent`,
        the request id), never the whole mapping; add a logging filter that scrubs known
        secret fields as a safety net.
    """
    example = Example(
        before="""
            import logging

            logger = logging.getLogger(__name__)

            def login(user, password):
                logger.info("login %s with %s", user.email, password)
        """,
        after="""
            import logging

            logger = logging.getLogger(__name__)

            def login(user, password):
                logger.info("login attempt for user %s", user.id)
        """,
    )
    VALID = [
        """
        import logging
        logger = logging.getLogger(__name__)
        def refresh(token, request, tokens):
            logger.info("token expires at %s", token.expires_at)
            logger.info("refreshing, token length %d", len(token))
            logger.debug("password reset requested for %s", request.user.id)
            logger.info("lexer produced %d tokens: %s", len(tokens), tokens)
            logger.info("agent %s", request.headers.get("User-Agent"))
            logger.warning("token_url=%s is_secret=%s", token_url, is_secret)
            logger.info("masked %s", redact(token))
            print(password)
        """,
    ]
    INVALID = [
        """
        import logging
        log = logging.getLogger(__name__)
        def handle(request, user, api_key):
            log.info("key %s", api_key)  # expect
            log.debug(f"user {user.email} password={user.password}")  # expect
            log.info("headers: %s", request.headers)  # expect
            log.info("auth %s", request.headers["Authorization"])  # expect
            logging.warning("meta %r", dict(request.META))  # expect
            log.info("card", extra={"credit_card": user.card})  # expect
            log.info("signup", ssn=user.ssn)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = context.is_test or not self._can_report()

    def _can_report(self) -> bool:
        """A report needs a logging call with, among its arguments, a sensitive keyword or
        identifier (a name, attribute, or a `headers`/`META`... of a whole request
        mapping) or a str literal that is a sensitive key: `_leak` reports nothing else."""
        index = self.context.index
        if index is None:
            return True
        return any(_may_leak(call) for call, _, _ in logging_calls(index, self.context.imports))

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.is_test:
            return
        found = logging_method(node, self.context.imports)
        if found is None:
            return
        for arg in node.args:
            what = self._keyword(arg) or _leak(arg.value)
            if what:
                self.report(node, f"log call writes {what}: the secret or personal data ends up in the log store")
                return

    @staticmethod
    def _keyword(arg: cst.Arg) -> str:
        if arg.keyword is None or arg.keyword.value in _LOGGING_KEYWORDS:
            return ""
        return f"`{arg.keyword.value}`" if is_sensitive_name(arg.keyword.value) else ""


def _may_leak(call: ast.Call) -> bool:
    """What `_keyword` and `_leak` may report: a sensitive keyword, identifier (of a name,
    an attribute, or the `headers`/`META`... of a whole request mapping) or str literal
    (a key) among the call's arguments."""
    values = [*call.args, *(kw.value for kw in call.keywords)]
    if any(kw.arg and is_sensitive_name(kw.arg) for kw in call.keywords):
        return True
    if any(name in _WHOLE or is_sensitive_name(name) for name in identifiers(values)):
        return True
    return any(is_sensitive_key(text) for text in strings(values))


def _leak(node: cst.BaseExpression) -> str:
    """A description of the first secret-looking value inside `node`, or ""."""
    whole = whole_request_mapping(node)
    if whole:
        return f"the whole `{whole}`"
    if isinstance(node, cst.Name):
        return f"`{node.value}`" if is_sensitive_name(node.value) else ""
    if isinstance(node, cst.Attribute):
        return f"`{dotted(node) or node.attr.value}`" if is_sensitive_name(node.attr.value) else ""
    if isinstance(node, cst.Subscript):
        return _subscript(node)
    if isinstance(node, cst.Call):
        return _call(node)
    if isinstance(node, cst.Dict):
        return _dict(node)
    if isinstance(node, (cst.Lambda, cst.SimpleString)):
        return ""
    for child in children(node):
        if isinstance(child, cst.BaseExpression):
            found = _leak(child)
        elif isinstance(child, (cst.FormattedStringExpression, cst.Element, cst.Arg)):
            found = _leak(child.expression if isinstance(child, cst.FormattedStringExpression) else child.value)
        else:
            continue
        if found:
            return found
    return ""


def _subscript(node: cst.Subscript) -> str:
    for element in node.slice:
        index = element.slice
        key = string_value(index.value) if isinstance(index, cst.Index) else None
        if key is not None and is_sensitive_key(key):
            return f"`{dotted(node.value) or 'a mapping'}[{key!r}]`"
    if whole_request_mapping(node.value):
        return ""  # one named header, not all of them
    return _leak(node.value)


def _call(node: cst.Call) -> str:
    func = node.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    if name.lower() in _MASKING or name.lower().startswith(("mask", "redact", "hash", "sanitiz", "scrub")):
        return ""
    if isinstance(func, cst.Attribute) and name in ("get", "getlist", "pop") and node.args:
        key = string_value(node.args[0].value)
        if key is not None:
            return f"`{dotted(func.value)}.{name}({key!r})`" if is_sensitive_key(key) else ""
    for arg in node.args:
        found = _leak(arg.value)
        if found:
            return found
    return ""


def _dict(node: cst.Dict) -> str:
    for element in node.elements:
        if isinstance(element, cst.DictElement):
            key = string_value(element.key)
            if key is not None and is_sensitive_key(key):
                return f"the field {key!r}"
            found = _leak(element.value)
        else:
            found = _leak(element.value)
        if found:
            return found
    return ""
