"""SEC301: a credential or key written into Python source."""

from __future__ import annotations

import ast
import re
from typing import Iterator

from auditor.analysis.secrets import (
    SecretHit,
    known_secrets,
    looks_like_secret_value,
    masked_snippet,
    name_words,
    secret_message,
    secret_name_kind,
)
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule, Report
from auditor.source import SourceFile

# Sample keys for the examples, split so this file does not itself hold a key-shaped string.
_DOC_AWS_ID = "AKIA" "Z7QF3J2LWXN4RBVD"
_DOC_AWS_VALUE = "wJalrXUtnFEMI/K7MDENG" "/bPxRfiCYzq3t8Ld9Qa"
_DOC_STRIPE = "sk_live_" "4eC39HqLyjWDarjtT1zdp7dc"
_DOC_URL = "postgresql://shop:" "Xk9mQ2vL8pw@db.internal:5432/shop"

# Settings owned by the framework-configuration rules (a literal Django/Flask SECRET_KEY).
_OWNED_ELSEWHERE = (["secret", "key"],)


class HardcodedSecret(FileRule):
    id = "SEC301"
    title = "Hard-coded secret in source code"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (798,)
    supersedes = ("B105", "B106", "B107")
    effort = 30
    refs = (
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password",
        "https://github.com/Yelp/detect-secrets",
    )
    tags = ("secrets",)
    why = """
        A key in the source is in every clone, fork, CI log, wheel and container image, and in
        the git history forever, even after the line is deleted. Anyone who reads the
        repository can call the payment API, read the bucket or log in to the database as the
        service; rotating the key means a code change and a deploy, so in practice it is never
        rotated. Known key formats (AWS, GitHub, Slack, Stripe, Google, private keys, JWTs...)
        are matched with detect-secrets' patterns; a string given to a name such as
        `password`, `api_key` or `client_secret` is reported when it looks like a real value
        (not `changeme`, `<your-key>`, `${VAR}`, empty or a test value). Test code is only
        reported for known key formats, at low severity. The message and snippet show the
        secret masked.
        """
    fix = """
        Revoke and rotate the key first: it is compromised. Then read it at run time from the
        environment or a secret manager (`os.environ["STRIPE_KEY"]`, AWS Secrets Manager,
        Vault, Kubernetes secrets), and keep local values in an untracked `.env`. Purge it
        from git history if the repository is or was public.
        """
    example = Example(
        before=f"""
            import boto3

            s3 = boto3.client(
                "s3",
                aws_access_key_id="{_DOC_AWS_ID}",  # expect
                aws_secret_access_key="{_DOC_AWS_VALUE}",  # expect
            )
            """,
        after="""
            import boto3

            # Credentials come from the environment, ~/.aws or the instance role.
            s3 = boto3.client("s3")
            """,
    )
    VALID = [
        """
        import os

        password = os.environ["DB_PASSWORD"]
        api_key = os.getenv("API_KEY", "")
        token = ""
        PASSWORD_FIELD = "password"
        token_url = "https://auth.example.com/oauth/token"
        client_secret = "<your-client-secret>"
        DB_PASSWORD = "${DB_PASSWORD}"
        password = "changeme"
        secret_path = "/run/secrets/api_key"
        login(user="admin", password=settings.ADMIN_PASSWORD)
        """,
        """
        # file: tests/test_login.py
        def test_login(client):
            client.login(username="ann", password="Sup3r-S3cret!")
        """,
        """
        conn = "postgres://app:${PGPASSWORD}@db:5432/shop"
        other = "postgres://user:pass@localhost/db"
        """,
    ]
    INVALID = [
        f"""
        import stripe

        stripe.api_key = "{_DOC_STRIPE}"  # expect
        DATABASE_URL = "{_DOC_URL}"  # expect
        SMTP_PASSWORD = "Tr0ub4dor&3x"  # expect


        def connect(host, password="Qw3rty!2024xyz"):  # expect
            return client(host=host, api_key="a8f5f167f44f4964e6c998dee827110c")  # expect


        CONFIG = {{"auth_token": "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"}}  # expect
        """,
        f"""
        # file: tests/test_s3.py
        KEY = "{_DOC_AWS_ID}"  # expect
        """,
    ]

    def check(self, source: SourceFile) -> None:
        relevant = not self.context.is_test and is_product_path(self.context.relpath)
        per_line: dict[int, list[tuple[int, SecretHit, str]]] = {}
        for line, hit in known_secrets(source.text):
            per_line.setdefault(line, []).append((hit.column, hit, ""))
        if relevant and _NAMED_LITERAL_HINT.search(source.text.lower()):
            for line, column, name, kind, value in _named_literals(source.ast_nodes):
                seen = per_line.setdefault(line, [])
                if not any(h.value == value or value in h.value for _, h, _ in seen):
                    seen.append((column, SecretHit(kind, value, column, False), name))
        for line in sorted(per_line):
            self._report_line(source, line, sorted(per_line[line], key=lambda x: x[0]), relevant)

    def _report_line(self, source: SourceFile, line: int, hits: list[tuple[int, SecretHit, str]], relevant: bool) -> None:
        text = source.lines[line - 1] if 0 < line <= len(source.lines) else ""
        snippet = masked_snippet(text, [h for _, h, _ in hits])
        for column, hit, name in hits:
            message = f"{secret_message(hit, name)}: rotate it and read it from the environment or a secret manager"
            severity = None
            if not relevant:
                severity = Severity.LOW
            elif hit.kind == "JSON web token":
                severity = Severity.MEDIUM
            self.reports.append(
                Report(
                    message=message,
                    line=line,
                    column=column + 1,
                    end_line=line,
                    end_column=column + 1 + len(hit.value),
                    severity=severity,
                    confidence=None if hit.known_format else Confidence.MEDIUM,
                    snippet=snippet,
                )
            )


# A secret-ish name next to a string literal of 8+ characters somewhere in the file: the
# syntax tree is walked only then (`password = "..."`, `api_key="..."`, `"token": "..."`,
# `getenv("API_TOKEN", "...")`, `pw == "..."`); matched on the lower-cased text.
_NAMED_LITERAL_HINT = re.compile(
    r"""(?:pass|pwd|secret|token|key|credential)\w*["']?\]?\s*(?:[:=]|==|!=|["'],)\s*[rbu]{0,2}["'][^"'\s]{8}"""
)

def _named_literals(nodes: list[ast.AST]) -> Iterator[tuple[int, int, str, str, str]]:
    """(line, 0-based column, name, kind, value) of string literals given to secret names:
    assignments, keyword arguments, dict entries, parameter defaults, comparisons and
    `environ.get("NAME", "fallback")`."""
    for node in nodes:
        for name, value in _pairs(node):
            if not isinstance(value, ast.Constant) or not isinstance(value.value, str):
                continue
            kind = secret_name_kind(name)
            if kind is None or _owned_elsewhere(name) or not looks_like_secret_value(value.value):
                continue
            yield value.lineno, value.col_offset, name, kind, value.value


def _owned_elsewhere(name: str) -> bool:
    return name_words(name) in _OWNED_ELSEWHERE


def _pairs(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            name = _target_name(target)
            if name:
                yield name, node.value
    elif isinstance(node, ast.keyword) and node.arg:
        yield node.arg, node.value
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value, value
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        yield from _defaults(node.args)
    elif isinstance(node, ast.Compare):
        yield from _compared(node)
    elif isinstance(node, ast.Call):
        yield from _env_fallback(node)


def _target_name(target: ast.AST) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
        return target.slice.value
    return None


def _defaults(args: ast.arguments) -> Iterator[tuple[str, ast.AST]]:
    positional = [*args.posonlyargs, *args.args]
    for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
        yield arg.arg, default
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults):
        if kw_default is not None:
            yield arg.arg, kw_default


def _compared(node: ast.Compare) -> Iterator[tuple[str, ast.AST]]:
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return
    left, right = node.left, node.comparators[0]
    for named, literal in ((left, right), (right, left)):
        name = _target_name(named)
        if name:
            yield name, literal


def _env_fallback(node: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    """`os.environ.get("API_TOKEN", "literal")`, `os.getenv(...)`, `environ.setdefault(...)`."""
    func = node.func
    attr = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if attr not in ("get", "getenv", "setdefault") or len(node.args) < 2:
        return
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        yield first.value, node.args[1]
