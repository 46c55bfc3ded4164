"""SEC206: Django DEBUG, the Flask/Werkzeug debugger or framework debug mode switched on."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, may_set, settings_skipped
from auditor.rules.security._patterns import SettingsVisitor, argument, is_literal_true, string_value

_FLASK_APPS = frozenset({"flask.Flask", "quart.Quart"})
# Application constructors whose debug=True returns tracebacks to clients.
_DEBUG_CTORS = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette", "starlette.Starlette"})
_RUN_SIMPLE = frozenset({"werkzeug.serving.run_simple", "werkzeug.run_simple"})
_APP_NAMES = frozenset({"app", "application"})
_KEY = frozenset({"DEBUG"})
_APPS_REACHED = QualifiedTargets(_FLASK_APPS)
_CTORS_REACHED = QualifiedTargets(_DEBUG_CTORS)
_RUN_SIMPLE_REACHED = QualifiedTargets(_RUN_SIMPLE)


class DebugModeEnabled(SettingsVisitor, Rule):
    id = "SEC206"
    title = "Debug mode enabled"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (489, 215)
    supersedes = ("B201",)
    tags = ("web", "configuration")
    effort = 5
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
        "https://flask.palletsprojects.com/en/stable/debugging/",
        "https://werkzeug.palletsprojects.com/en/stable/debug/#debugger-pin",
        "https://cwe.mitre.org/data/definitions/489.html",
    )
    why = """
        Django with `DEBUG = True` answers every error with the full settings (database
        password, API keys, with only some names masked), the SQL it ran and local
        variables; it also keeps every query in memory. Flask's `debug=True` starts the
        Werkzeug debugger: an interactive Python console in the browser, guarded only by
        a PIN derived from guessable machine data, which is remote code execution when
        the port is reachable. FastAPI/Starlette `debug=True` return tracebacks to
        clients. Reported in settings modules and config classes not named for
        development or tests, `app.run(debug=True)` (high when bound to all
        interfaces), `app.debug = True`, `app.config["DEBUG"] = True`.
    """
    fix = """
        Read it from the environment, off by default: `DEBUG = os.environ.get("DJANGO_DEBUG")
        == "1"`; keep `DEBUG = True` only in development settings. For Flask use the
        `flask --app app run --debug` command locally instead of `debug=True` in code,
        and serve production with gunicorn/uwsgi.
    """
    example = Example(
        before="""
            # file: mysite/settings.py
            INSTALLED_APPS = ["django.contrib.admin"]
            DEBUG = True
        """,
        after="""
            # file: mysite/settings.py
            import os

            INSTALLED_APPS = ["django.contrib.admin"]
            DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
        """,
    )
    VALID = [
        """
        # file: mysite/settings.py
        import os
        ROOT_URLCONF = "mysite.urls"
        DEBUG = os.environ.get("DEBUG") == "1"
        # file: mysite/settings/local.py
        DEBUG = True
        # file: mysite/test_settings.py
        DEBUG = True
        """,
        """
        # file: app.py
        import os
        from flask import Flask
        app = Flask(__name__)
        app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
        app.run(debug=False)
        logger.debug = True
        # file: config.py
        class DevelopmentConfig:
            DEBUG = True
        class ProductionConfig:
            DEBUG = False
        """,
        # Not Flask: some other object's run() and debug flag.
        """
        # file: tasks.py
        runner.run(debug=True)
        runner.debug = True
        """,
    ]
    INVALID = [
        """
        # file: mysite/settings/production.py
        MIDDLEWARE = []
        DEBUG = True  # expect
        """,
        """
        # file: app.py
        from flask import Flask
        from fastapi import FastAPI
        app = Flask(__name__)
        app.debug = True  # expect
        app.config["DEBUG"] = True  # expect
        api = FastAPI(debug=True)  # expect
        if __name__ == "__main__":
            app.run(host="0.0.0.0", port=8000, debug=True)  # expect
        # file: config.py
        class Config:
            DEBUG = True  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._apps: set[str] = set()
        self.idle = settings_skipped(self.context) or not self._can_report()

    def _can_report(self) -> bool:
        """Every report path checks `settings_skipped` first; then: `setting("DEBUG")`,
        `run_simple(...)`, or a `debug` attribute or keyword on a Flask/Quart app (an app
        made by `flask.Flask()`, or named `app` in a module importing flask/quart) or on a
        FastAPI/Starlette constructor."""
        ctx = self.context
        if may_set(ctx, _KEY) or _RUN_SIMPLE_REACHED.reachable(ctx):
            return True
        if ctx.index is not None and "debug" not in ctx.index.names:
            return False
        return self._flask_module() or _APPS_REACHED.reachable(ctx) or _CTORS_REACHED.reachable(ctx)

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        if key == "DEBUG" and is_literal_true(value):
            where = "Django settings" if self.django_settings else "configuration"
            self.report(node, f"DEBUG = True in {where}: error pages leak settings and code")

    def _flask_module(self) -> bool:
        return any(ref.target.split(".")[0] in ("flask", "quart") for ref in self.context.imports.imports)

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        if self.settings_skipped:
            return
        if isinstance(node.value, cst.Call) and self.qualify(node.value.func) in _FLASK_APPS:
            self._apps.update(dotted(t.target) for t in node.targets)
        for target in node.targets:
            t = target.target
            if isinstance(t, cst.Attribute) and t.attr.value == "debug" and is_literal_true(node.value):
                owner = dotted(t.value)
                if owner in self._apps or (owner in _APP_NAMES and self._flask_module()):
                    self.report(node, f"{owner}.debug = True turns on the Werkzeug debugger")

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        if self.settings_skipped:
            return
        debug = argument(node, "debug")
        func = node.func
        if debug is not None and is_literal_true(debug.value):
            if isinstance(func, cst.Attribute) and func.attr.value == "run":
                self._check_run(node, dotted(func.value))
            elif self.qualify(func) in _DEBUG_CTORS:
                self.report(node, "debug=True returns tracebacks to clients", severity=Severity.MEDIUM)
        elif self.qualify(func) in _RUN_SIMPLE:
            debugger = argument(node, "use_debugger", 7)
            if debugger is not None and is_literal_true(debugger.value):
                self.report(node, "run_simple(use_debugger=True) serves the Werkzeug debugger console")

    def _check_run(self, node: cst.Call, owner: str) -> None:
        if not (owner in self._apps or (owner in _APP_NAMES and self._flask_module())):
            return
        host = argument(node, "host", 0)
        value = string_value(host.value) if host is not None else "127.0.0.1"
        exposed = value is None or value not in ("127.0.0.1", "localhost", "::1")
        self.report(
            node,
            f"{owner}.run(debug=True) serves the Werkzeug debugger console"
            + (" on every interface: remote code execution" if exposed else ""),
            severity=None if exposed else Severity.MEDIUM,
        )
