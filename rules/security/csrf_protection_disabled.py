"""SEC210: CSRF protection switched off for a view or for the whole app."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, may_set, settings_skipped
from auditor.rules.security._patterns import SettingsVisitor, is_literal_false, words

_CSRF_EXEMPT = frozenset({"django.views.decorators.csrf.csrf_exempt"})
_METHOD_DECORATOR = frozenset({"django.utils.decorators.method_decorator"})
_FLASK_WTF = frozenset({"flask_wtf.CSRFProtect", "flask_wtf.csrf.CSRFProtect", "flask_wtf.CsrfProtect"})
_SETTINGS = frozenset({"WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT"})
_EXEMPT_REACHED = QualifiedTargets(_CSRF_EXEMPT)
_FLASK_WTF_REACHED = QualifiedTargets(_FLASK_WTF)
# Views that must accept cross-site POSTs and authenticate them otherwise (signatures).
_MACHINE_ENDPOINTS = frozenset({"webhook", "webhooks", "hook", "callback", "ipn", "notify", "notification", "notifications", "stripe", "github", "slack", "twilio", "paypal"})


class CsrfProtectionDisabled(SettingsVisitor, Rule):
    id = "SEC210"
    title = "CSRF protection disabled"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    # The protection is certainly off; whether that is exploitable depends on the view
    # using cookie authentication, which is not visible here.
    confidence = Confidence.MEDIUM
    cwe = (352,)
    tags = ("web", "csrf")
    effort = 20
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/csrf/#django.views.decorators.csrf.csrf_exempt",
        "https://flask-wtf.readthedocs.io/en/stable/csrf/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
    )
    why = """
        A view exempt from CSRF checks accepts a POST that another web site makes the
        user's browser send, with the user's cookies: any page the user visits can change
        their e-mail, password or settings through it. `WTF_CSRF_ENABLED = False` does the
        same for every Flask-WTF form. Reported for `@csrf_exempt` (also through
        `method_decorator` and in URLconfs), Flask-WTF's `@csrf.exempt` and the settings
        that turn the check off. Views named like webhooks or payment callbacks, which
        must accept cross-site posts and should verify a signature instead, are reported
        low. Development and test settings are skipped.
    """
    fix = """
        Remove the exemption and send the CSRF token with the request (Django's
        `{% csrf_token %}`, the `X-CSRFToken` header for fetch/XHR). For endpoints called
        by other servers, keep the exemption but verify the caller: an HMAC signature
        over the body (`hmac.compare_digest`), and no cookie authentication.
    """
    example = Example(
        before="""
            from django.views.decorators.csrf import csrf_exempt

            @csrf_exempt
            def change_email(request):
                request.user.email = request.POST["email"]
                request.user.save()
        """,
        after="""
            from django.views.decorators.http import require_POST

            @require_POST
            def change_email(request):
                request.user.email = request.POST["email"]
                request.user.save()
        """,
    )
    VALID = [
        """
        from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
        @csrf_protect
        def edit(request):
            pass
        @ensure_csrf_cookie
        def page(request):
            pass
        """,
        # Some other csrf_exempt; Flask-WTF left on.
        """
        from myproject.security import csrf_exempt
        @csrf_exempt
        def edit(request):
            pass
        # file: config.py
        class ProductionConfig:
            WTF_CSRF_ENABLED = True
        class TestingConfig:
            WTF_CSRF_ENABLED = False
        """,
    ]
    INVALID = [
        """
        from django.urls import path
        from django.utils.decorators import method_decorator
        from django.views import View
        from django.views.decorators.csrf import csrf_exempt
        @csrf_exempt  # expect
        def edit_profile(request):
            pass
        @csrf_exempt  # expect
        def stripe_webhook(request):
            pass
        @method_decorator(csrf_exempt, name="dispatch")  # expect
        class Transfer(View):
            pass
        urlpatterns = [path("api/", csrf_exempt(Transfer.as_view()))]  # expect
        """,
        """
        # file: app.py
        from flask import Flask
        from flask_wtf.csrf import CSRFProtect
        app = Flask(__name__)
        csrf = CSRFProtect(app)
        app.config["WTF_CSRF_ENABLED"] = False  # expect
        @csrf.exempt  # expect
        @app.route("/transfer", methods=["POST"])
        def transfer():
            pass
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._protectors: set[str] = set()  # names bound to CSRFProtect(...)
        self.idle = not self._can_report()

    def _can_report(self) -> bool:
        """`setting()` with a Flask-WTF key outside skipped modules; or, outside tests,
        `csrf_exempt` (decorator, `method_decorator(csrf_exempt)` or call) or
        `<CSRFProtect()>.exempt`."""
        ctx = self.context
        if not settings_skipped(ctx) and may_set(ctx, _SETTINGS):
            return True
        if ctx.is_test:
            return False
        if _EXEMPT_REACHED.reachable(ctx):
            return True
        return (ctx.index is None or "exempt" in ctx.index.names) and _FLASK_WTF_REACHED.reachable(ctx)

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        if key in _SETTINGS and is_literal_false(value):
            self.report(node, f"{key} = False turns off CSRF checks for every Flask-WTF form")

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        if isinstance(node.value, cst.Call) and self.qualify(node.value.func) in _FLASK_WTF:
            self._protectors.update(dotted(t.target) for t in node.targets)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._check_decorators(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._check_decorators(node)

    def _check_decorators(self, node: cst.FunctionDef | cst.ClassDef) -> None:
        if self.context.is_test:
            return
        for decorator in node.decorators:
            expr = decorator.decorator
            if self._is_exempt(expr) or self._method_decorated(expr):
                machine = bool(set(words(node.name.value)) & _MACHINE_ENDPOINTS)
                self._report(decorator, ".".join(self.scope_stack) or node.name.value, machine)

    def _is_exempt(self, expr: cst.BaseExpression) -> bool:
        if self.qualify(expr) in _CSRF_EXEMPT:
            return True
        return isinstance(expr, cst.Attribute) and expr.attr.value == "exempt" and dotted(expr.value) in self._protectors

    def _method_decorated(self, expr: cst.BaseExpression) -> bool:
        if not (isinstance(expr, cst.Call) and self.qualify(expr.func) in _METHOD_DECORATOR):
            return False
        return any(self.qualify(arg.value) in _CSRF_EXEMPT for arg in expr.args if arg.keyword is None)

    def _report(self, node: cst.CSTNode, view: str, machine: bool) -> None:
        if machine:
            self.report(node, f"`{view}` is exempt from CSRF checks: make sure it verifies a signature", severity=Severity.LOW)
        else:
            self.report(node, f"`{view}` is exempt from CSRF checks: any site can post to it with the user's cookies")

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        if self.context.is_test or self.qualify(node.func) not in _CSRF_EXEMPT or not node.args:
            return
        view = dotted(node.args[0].value) or "view"
        if isinstance(node.args[0].value, cst.Call):
            view = dotted(node.args[0].value.func) or view
        self._report(node, view, bool(set(words(view)) & _MACHINE_ENDPOINTS))
