"""SEC211: CORS that lets any origin make credentialed requests."""

from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, may_set, settings_skipped, skips_tests
from auditor.rules.security._patterns import SettingsVisitor, argument, is_literal_true, string_value

_FLASK_CORS = frozenset({"flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS", "flask_cors.decorator.cross_origin"})
_CORS_MIDDLEWARE = frozenset(
    {
        "starlette.middleware.cors.CORSMiddleware",
        "fastapi.middleware.cors.CORSMiddleware",
    }
)
_ALLOW_ALL = frozenset({"CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"})
_CREDENTIALS = frozenset({"CORS_ALLOW_CREDENTIALS"})
_CORS_REACHED = QualifiedTargets(_FLASK_CORS | _CORS_MIDDLEWARE)
_ANY_REGEX = frozenset({".*", "^.*$", ".+", "^.+$", "^https?://.*$", "https?://.*", "^https://.*$", "https://.*"})


def _wildcard(expr: cst.BaseExpression | None) -> bool:
    """`"*"`, `["*"]`, a match-everything regex."""
    if expr is None:
        return False
    text = string_value(expr)
    if text is not None:
        return text == "*" or text in _ANY_REGEX
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return any(_wildcard(el.value) for el in expr.elements)
    return False


class CorsWildcardWithCredentials(SettingsVisitor, Rule):
    id = "SEC211"
    title = "CORS allows any origin with credentials"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (942, 346)
    tags = ("web", "cors", "configuration")
    options = {"include-tests": False}
    effort = 15
    refs = (
        "https://portswigger.net/web-security/cors",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#requests_with_credentials",
        "https://flask-cors.readthedocs.io/en/latest/api.html",
        "https://www.starlette.io/middleware/#corsmiddleware",
        "https://github.com/adamchainz/django-cors-headers#cors_allow_all_origins-bool",
    )
    why = """
        Browsers refuse `Access-Control-Allow-Origin: *` together with credentials, so
        flask-cors, Starlette's CORSMiddleware and django-cors-headers answer such a
        configuration by echoing the caller's Origin back with
        `Access-Control-Allow-Credentials: true`. Any web site the user visits can then
        call the API with the user's cookies and read the response: their profile, API
        keys, CSRF tokens, then act as them. A wildcard origin is fine for a public API
        without cookies; the combination with credentials is what is reported
        (flask-cors' default origins are `*`). Development settings are skipped.
    """
    fix = """
        List the trusted front-end origins explicitly (`origins=["https://app.example.com"]`,
        `allow_origins=[...]`, `CORS_ALLOWED_ORIGINS = [...]`), from configuration per
        environment; or drop credentials and authenticate with a bearer token header.
    """
    example = Example(
        before="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
        """,
        after="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
        """,
    )
    VALID = [
        """
        from flask import Flask
        from flask_cors import CORS
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware
        app = Flask(__name__)
        CORS(app)
        CORS(app, origins=["https://app.example.com"], supports_credentials=True)
        CORS(app, origins=ORIGINS, supports_credentials=True)
        middleware = [Middleware(CORSMiddleware, allow_origins=["*"])]
        """,
        """
        # file: mysite/settings.py
        INSTALLED_APPS = ["corsheaders"]
        CORS_ALLOW_ALL_ORIGINS = True
        # file: other/settings.py
        ROOT_URLCONF = "other.urls"
        CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        CORS_ALLOW_CREDENTIALS = True
        """,
    ]
    INVALID = [
        """
        from flask import Flask
        from flask_cors import CORS, cross_origin
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware
        app = Flask(__name__)
        CORS(app, supports_credentials=True)  # expect
        CORS(app, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)  # expect
        middleware = [Middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)]  # expect
        @cross_origin(origins="*", supports_credentials=True)  # expect
        def data():
            pass
        """,
        """
        # file: mysite/settings.py
        INSTALLED_APPS = ["corsheaders"]
        CORS_ORIGIN_ALLOW_ALL = True  # expect
        CORS_ALLOW_CREDENTIALS = True
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._allow_all: cst.CSTNode | None = None
        self._credentials = False
        self.idle = not self._can_report()

    def _can_report(self) -> bool:
        """Both django-cors-headers settings through `setting()` outside skipped modules;
        or, unless test code is skipped, a call of flask-cors or a CORS middleware class
        as the first argument."""
        ctx = self.context
        if not settings_skipped(ctx) and may_set(ctx, _ALLOW_ALL) and may_set(ctx, _CREDENTIALS):
            return True
        return not skips_tests(self) and _CORS_REACHED.reachable(ctx)

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        if key in _ALLOW_ALL and is_literal_true(value):
            self._allow_all = node
        elif key == "CORS_ALLOW_CREDENTIALS" and is_literal_true(value):
            self._credentials = True

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._allow_all is not None and self._credentials:
            self.report(self._allow_all, "django-cors-headers allows every origin and CORS_ALLOW_CREDENTIALS = True")

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        if self.context.is_test and not self.opts["include-tests"]:
            return
        name = self.qualify(node.func)
        if name in _FLASK_CORS:
            self._check_flask_cors(node)
        elif node.args and self.qualify(node.args[0].value) in _CORS_MIDDLEWARE and node.args[0].keyword is None:
            self._check_middleware(node)

    def _check_flask_cors(self, node: cst.Call) -> None:
        credentials = argument(node, "supports_credentials")
        if credentials is None or not is_literal_true(credentials.value):
            return
        origins = argument(node, "origins")
        resources = argument(node, "resources")
        wildcard = _wildcard(origins.value) if origins is not None else True
        if origins is None and resources is not None and isinstance(resources.value, cst.Dict):
            wildcard = any(_resource_wildcard(el) for el in resources.value.elements)
        if wildcard:
            self.report(node, "flask-cors with supports_credentials=True and any origin: the Origin is echoed back")

    def _check_middleware(self, node: cst.Call) -> None:
        credentials = argument(node, "allow_credentials")
        if credentials is None or not is_literal_true(credentials.value):
            return
        origins = argument(node, "allow_origins")
        regex = argument(node, "allow_origin_regex")
        if (origins is not None and _wildcard(origins.value)) or (regex is not None and _wildcard(regex.value)):
            self.report(node, "CORSMiddleware allows any origin with allow_credentials=True: the Origin is echoed back")


def _resource_wildcard(element: cst.BaseDictElement) -> bool:
    """A flask-cors resource whose options leave origins at `*` or set it so."""
    if not isinstance(element, cst.DictElement) or not isinstance(element.value, cst.Dict):
        return False
    for option in element.value.elements:
        if isinstance(option, cst.DictElement) and string_value(option.key) == "origins":
            return _wildcard(option.value)
    return True
