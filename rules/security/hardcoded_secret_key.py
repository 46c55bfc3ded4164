"""SEC207: the framework's signing key (Django/Flask SECRET_KEY) written in the code."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, may_set, settings_skipped
from auditor.rules.security._patterns import SettingsVisitor, argument, positional

_KEYS = frozenset({"SECRET_KEY", "JWT_SECRET_KEY", "SECRET_KEY_FALLBACKS", "SECURITY_PASSWORD_SALT"})
# Environment lookups whose default is used when the variable is missing.
_ENV_GETTERS = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault"})
# django-environ's env("X", default=...) and python-decouple's config("X", default=...).
_DEFAULT_KW = frozenset({"environ.Env", "decouple.config"})
_FLASK_APPS = frozenset({"flask.Flask", "quart.Quart"})
_APPS_REACHED = QualifiedTargets(_FLASK_APPS)


def _literal(expr: cst.BaseExpression) -> bool:
    """A non-empty string or bytes literal, or a list/tuple of them."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return bool(value)
    if isinstance(expr, (cst.List, cst.Tuple)) and expr.elements:
        return all(_literal(el.value) for el in expr.elements)
    return False


class HardcodedSecretKey(SettingsVisitor, Rule):
    id = "SEC207"
    title = "Framework secret key hard-coded"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (798, 321)
    tags = ("secrets", "configuration")
    effort = 15
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
        "https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY",
        "https://cwe.mitre.org/data/definitions/321.html",
    )
    why = """
        The secret key signs sessions, password-reset links, CSRF tokens and signed
        cookies. Anyone who can read the repository (every developer, CI, a leaked
        fork, the package on PyPI) can forge a session cookie for any user, including
        admins; with Flask's or Django's cookie-based sessions that is a login as anyone,
        and with pickle-based serializers code execution. A literal as the default of
        `os.environ.get("SECRET_KEY", "...")` is the same: the day the variable is
        missing, production silently signs with the published key. Placeholders
        ("changeme", "django-insecure-...") count: they are what runs when nobody
        changed them. Development and test settings are skipped.
    """
    fix = """
        Read the key from the environment or a secret manager and fail when it is
        missing: `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]`,
        `app.secret_key = os.environ["FLASK_SECRET_KEY"]`. Rotate the published key:
        every session and token signed with it must be considered forged.
    """
    example = Example(
        before="""
            # file: mysite/settings.py
            INSTALLED_APPS = ["django.contrib.auth"]
            SECRET_KEY = "django-insecure-4f$w9!k2l0z@x"
        """,
        after="""
            # file: mysite/settings.py
            import os

            INSTALLED_APPS = ["django.contrib.auth"]
            SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        """,
    )
    VALID = [
        """
        # file: mysite/settings.py
        import os
        ROOT_URLCONF = "mysite.urls"
        SECRET_KEY = os.environ["SECRET_KEY"]
        SECRET_KEY_FALLBACKS = os.environ.get("OLD_KEYS", "").split(",")
        # file: mysite/settings/test.py
        SECRET_KEY = "test-only"
        # file: mysite/global_settings.py
        INSTALLED_APPS = []
        SECRET_KEY = ""
        """,
        """
        # file: app.py
        import os, secrets
        from flask import Flask
        app = Flask(__name__)
        app.secret_key = os.environ["FLASK_SECRET_KEY"]
        app.config["SECRET_KEY"] = secrets.token_hex()
        form.secret_key = "not a Flask app"
        """,
    ]
    INVALID = [
        """
        # file: mysite/settings.py
        import os
        MIDDLEWARE = []
        SECRET_KEY = "changeme"  # expect
        # file: proj/settings_prod.py
        import os
        SECRET_KEY = os.environ.get("SECRET_KEY", "fallback-secret")  # expect
        """,
        """
        # file: app.py
        from flask import Flask
        app = Flask(__name__)
        app.secret_key = b"_5#y2L\\"F4Q8z"  # expect
        app.config["SECRET_KEY"] = "s3cr3t"  # expect
        app.config.update(JWT_SECRET_KEY="jwt-secret")  # expect
        # file: config.py
        import os
        class Config:
            SECRET_KEY = os.getenv("SECRET_KEY") or "hard to guess string"  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._apps: set[str] = set()
        self.idle = settings_skipped(self.context) or not self._can_report()

    def _can_report(self) -> bool:
        """Both report paths check `settings_skipped` first; then `setting()` with a key
        of `_KEYS`, or `<app>.secret_key = ...` on an app made by `flask.Flask()`."""
        ctx = self.context
        if may_set(ctx, _KEYS):
            return True
        return (ctx.index is None or "secret_key" in ctx.index.names) and _APPS_REACHED.reachable(ctx)

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        if key in _KEYS:
            self._check_value(key, value, node)

    def _check_value(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        if _literal(value):
            self.report(node, f"{key} is a literal in the code: anyone with the source can forge signed data")
        elif (default := self._fallback(value)) is not None and _literal(default):
            self.report(node, f"{key} falls back to a literal when the environment lacks it")

    def _fallback(self, value: cst.BaseExpression) -> cst.BaseExpression | None:
        """The literal used when the environment variable is missing, if any."""
        if isinstance(value, cst.BooleanOperation) and value.operator.__class__ is cst.Or:
            return value.right  # os.getenv("X") or "literal"
        if not isinstance(value, cst.Call):
            return None
        name = self.qualify(value.func) or ""
        if name in _ENV_GETTERS:
            args = positional(value)
            default = argument(value, "default")
            return default.value if default is not None else (args[1].value if len(args) > 1 else None)
        if name in _DEFAULT_KW or name.endswith("Env()") or name == "decouple.config":
            default = argument(value, "default")
            return default.value if default is not None else None
        return None

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        if self.settings_skipped:
            return
        if isinstance(node.value, cst.Call) and self.qualify(node.value.func) in _FLASK_APPS:
            self._apps.update(dotted(t.target) for t in node.targets)
        for target in node.targets:
            t = target.target
            if isinstance(t, cst.Attribute) and t.attr.value == "secret_key" and dotted(t.value) in self._apps:
                self._check_value("secret_key", node.value, node)
