"""SEC209: a Django MIDDLEWARE list without SecurityMiddleware or CsrfViewMiddleware."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import django_settings_possible, may_set, settings_skipped
from auditor.rules.security._patterns import SettingsVisitor, string_value

_REQUIRED = (
    ("django.middleware.csrf.CsrfViewMiddleware", "CsrfViewMiddleware (no CSRF protection)"),
    ("django.middleware.security.SecurityMiddleware", "SecurityMiddleware (no HSTS, SSL redirect, nosniff)"),
)
_NAMES = frozenset({"MIDDLEWARE", "MIDDLEWARE_CLASSES"})


class DjangoMiddlewareMissingProtection(SettingsVisitor, Rule):
    id = "SEC209"
    title = "Django MIDDLEWARE without CSRF or security middleware"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (352, 693)
    tags = ("web", "configuration", "csrf")
    effort = 10
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/csrf/",
        "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security",
        "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/",
    )
    why = """
        Without `CsrfViewMiddleware` every form and cookie-authenticated POST in the
        project can be submitted by any other web site the user visits: changing their
        e-mail, password or payment details. Without `SecurityMiddleware` the `SECURE_*`
        settings (HSTS, SSL redirect, nosniff, referrer policy) do nothing, so hardening
        done in settings silently does not happen. Reported for a literal MIDDLEWARE list
        in a production settings module that the module does not extend elsewhere;
        medium confidence because a project may add them in another settings file.
    """
    fix = """
        Keep Django's defaults in MIDDLEWARE, in this order near the top:
        `django.middleware.security.SecurityMiddleware`, ...,
        `django.middleware.csrf.CsrfViewMiddleware`. Exempt the few views that must
        accept cross-site POSTs (signed webhooks) with `@csrf_exempt` instead.
    """
    example = Example(
        before="""
            # file: mysite/settings.py
            MIDDLEWARE = [
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
            ]
        """,
        after="""
            # file: mysite/settings.py
            MIDDLEWARE = [
                "django.middleware.security.SecurityMiddleware",
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
            ]
        """,
    )
    VALID = [
        """
        # file: mysite/settings.py
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ]
        # file: other/settings.py
        MIDDLEWARE = []
        """,
        # Extended later in the module, or built from another list: unknown.
        """
        # file: mysite/settings.py
        from .base import MIDDLEWARE as BASE
        MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]
        MIDDLEWARE += BASE
        # file: proj/settings.py
        MIDDLEWARE = ["a.Middleware"]
        MIDDLEWARE.insert(0, "django.middleware.security.SecurityMiddleware")
        """,
    ]
    INVALID = [
        """
        # file: mysite/settings.py
        MIDDLEWARE = [  # expect
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
        ]
        # file: proj/settings/production.py
        MIDDLEWARE = ("django.middleware.common.CommonMiddleware",)  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._lists: list[tuple[cst.CSTNode, set[str]]] = []
        self._extended = False
        # The report needs a list from `setting("MIDDLEWARE", ...)` in a Django settings module.
        ctx = self.context
        self.idle = settings_skipped(ctx) or not (django_settings_possible(ctx) and may_set(ctx, _NAMES))

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        if key not in _NAMES or not self.django_settings:
            return
        if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements:
            self._extended = True  # built some other way: unknown
            return
        entries = {string_value(el.value) for el in value.elements}
        if None in entries:
            self._extended = True
            return
        self._lists.append((node, {e for e in entries if e}))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if dotted(node.target) in _NAMES:
            self._extended = True

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        func = node.func
        if isinstance(func, cst.Attribute) and dotted(func.value) in _NAMES:
            self._extended = True

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._extended or len(self._lists) != 1:
            return
        node, entries = self._lists[0]
        missing = [why for name, why in _REQUIRED if name not in entries]
        if missing:
            self.report(node, "MIDDLEWARE lacks " + " and ".join(missing))
