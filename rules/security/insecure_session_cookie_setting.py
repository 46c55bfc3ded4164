"""SEC205: Django/Flask settings that send the session or CSRF cookie without Secure/HttpOnly."""

from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import may_set, settings_skipped
from auditor.rules.security._patterns import SettingsVisitor, is_literal_false

# Setting -> the attribute it turns off. Django and Flask share the first names;
# REMEMBER_COOKIE_* are Flask-Login's.
_FLAGS = {
    "SESSION_COOKIE_SECURE": "Secure",
    "CSRF_COOKIE_SECURE": "Secure",
    "REMEMBER_COOKIE_SECURE": "Secure",
    "SESSION_COOKIE_HTTPONLY": "HttpOnly",
    "REMEMBER_COOKIE_HTTPONLY": "HttpOnly",
}
_KEYS = frozenset(_FLAGS)


class InsecureSessionCookieSetting(SettingsVisitor, Rule):
    id = "SEC205"
    title = "Session or CSRF cookie configured without Secure/HttpOnly"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (614, 1004)
    tags = ("web", "session", "configuration")
    effort = 5
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
        "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/",
        "https://flask.palletsprojects.com/en/stable/config/#SESSION_COOKIE_SECURE",
    )
    why = """
        `SESSION_COOKIE_SECURE = False` lets the browser send the session cookie over
        plain HTTP, where anyone on the network path (public Wi-Fi, a proxy) can copy it
        and be logged in as the user; `CSRF_COOKIE_SECURE = False` leaks the CSRF token
        the same way. `SESSION_COOKIE_HTTPONLY = False` exposes the session to every
        script on the page, so any XSS becomes session theft. Reported where a settings
        module or a production config class sets them to a literal False; development
        and test settings (`settings/dev.py`, `DevelopmentConfig`) are skipped.
    """
    fix = """
        Set `SESSION_COOKIE_SECURE = True`, `CSRF_COOKIE_SECURE = True` and keep
        `SESSION_COOKIE_HTTPONLY = True` in production settings; if local development
        runs on plain HTTP, override them in the development settings only.
    """
    example = Example(
        before="""
            # file: mysite/settings.py
            INSTALLED_APPS = ["django.contrib.sessions"]
            SESSION_COOKIE_SECURE = False
        """,
        after="""
            # file: mysite/settings.py
            INSTALLED_APPS = ["django.contrib.sessions"]
            SESSION_COOKIE_SECURE = True
        """,
    )
    VALID = [
        """
        # file: mysite/settings.py
        import os
        INSTALLED_APPS = []
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = os.environ.get("HTTPS") == "1"
        CSRF_COOKIE_HTTPONLY = False
        """,
        # Development settings and a development config class.
        """
        # file: mysite/settings/dev.py
        SESSION_COOKIE_SECURE = False
        # file: app/config.py
        class DevelopmentConfig:
            SESSION_COOKIE_SECURE = False
        """,
        # A constant in an ordinary module is not a setting.
        """
        # file: app/util.py
        SESSION_COOKIE_SECURE = False
        """,
    ]
    INVALID = [
        """
        # file: mysite/settings.py
        ROOT_URLCONF = "mysite.urls"
        SESSION_COOKIE_SECURE = False  # expect
        CSRF_COOKIE_SECURE = False  # expect
        SESSION_COOKIE_HTTPONLY = False  # expect
        """,
        """
        # file: app/__init__.py
        from flask import Flask
        app = Flask(__name__)
        app.config["SESSION_COOKIE_SECURE"] = False  # expect
        app.config.update(
            SESSION_COOKIE_HTTPONLY=False,  # expect
            REMEMBER_COOKIE_SECURE=True,
        )
        # file: app/config.py
        class ProductionConfig:
            SESSION_COOKIE_SECURE = False  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Reports only from `setting()` with one of the flag names, which SettingsVisitor
        # never calls in skipped modules.
        self.idle = settings_skipped(self.context) or not may_set(self.context, _KEYS)

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        flag = _FLAGS.get(key)
        if flag is not None and is_literal_false(value):
            self.report(node, f"{key} = False: the cookie is sent without {flag}")
