"""SEC208: Django `ALLOWED_HOSTS` accepting any Host header."""

from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import facts, may_set, settings_skipped
from auditor.rules.security._patterns import SettingsVisitor, string_value

_KEY = frozenset({"ALLOWED_HOSTS"})


class AllowedHostsWildcard(SettingsVisitor, Rule):
    id = "SEC208"
    title = "Django ALLOWED_HOSTS accepts any host"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (20, 346)
    tags = ("web", "configuration")
    effort = 5
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts",
        "https://docs.djangoproject.com/en/stable/topics/security/#host-headers-virtual-hosting",
        "https://portswigger.net/web-security/host-header",
    )
    why = """
        Django builds absolute URLs (password-reset e-mails, redirects, `build_absolute_uri`)
        from the request's Host header. With `ALLOWED_HOSTS = ["*"]` any Host is accepted,
        so an attacker who requests a reset for a victim's account with `Host: evil.example`
        gets a real reset token mailed inside a link to their own server; caches keyed on
        the host can be poisoned the same way. Development and test settings are skipped.
    """
    fix = """
        List the domains the site answers on, from the environment:
        `ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")`, e.g.
        `shop.example.com,.shop.example.com`. Health checks that hit an IP can be handled
        by the load balancer or a middleware that answers them before host validation.
    """
    example = Example(
        before="""
            # file: mysite/settings.py
            ROOT_URLCONF = "mysite.urls"
            ALLOWED_HOSTS = ["*"]
        """,
        after="""
            # file: mysite/settings.py
            import os

            ROOT_URLCONF = "mysite.urls"
            ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")
        """,
    )
    VALID = [
        """
        # file: mysite/settings.py
        ROOT_URLCONF = "mysite.urls"
        ALLOWED_HOSTS = ["shop.example.com", ".shop.example.com"]
        # file: mysite/settings/dev.py
        ALLOWED_HOSTS = ["*"]
        """,
    ]
    INVALID = [
        """
        # file: mysite/settings.py
        INSTALLED_APPS = []
        ALLOWED_HOSTS = ["localhost", "*"]  # expect
        # file: other/settings_production.py
        ALLOWED_HOSTS = ("*",)  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.idle = settings_skipped(self.context) or not self._can_report()

    def _can_report(self) -> bool:
        """`setting("ALLOWED_HOSTS", ...)` with a "*" string in the value."""
        if not may_set(self.context, _KEY):
            return False
        found = facts(self.context)
        return found is None or "*" in found.strings

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        if key != "ALLOWED_HOSTS":
            return
        if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            if any(string_value(el.value) == "*" for el in value.elements):
                self.report(node, 'ALLOWED_HOSTS contains "*": any Host header is trusted')
