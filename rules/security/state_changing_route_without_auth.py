"""SEC216: a POST/PUT/PATCH/DELETE route without the authentication its siblings have."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

import libcst as cst

from auditor.helpers import AstIndex, ast_dotted, dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.security._idle_patterns import skips_tests
from auditor.rules.security._patterns import call_name, string_value, words
from auditor.walk import children

_WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_VERB_DECORATORS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
_ROUTE_DECORATORS = frozenset({"route", "api_route", "api_view"})
_DJANGO_METHOD_DECORATORS = {"require_POST": {"POST"}, "require_GET": {"GET"}, "require_safe": {"GET"}}
# Words of a decorator, dependency or base class that authenticates or authorizes.
_AUTH_WORDS = frozenset(
    {
        "login", "auth", "authenticated", "authenticate", "authorize", "authorized", "authorization",
        "authentication", "permission", "permissions", "jwt", "roles", "role", "admin", "staff", "superuser",
        "requires", "protected", "secured", "principal", "apikey", "bearer", "oauth2", "scopes", "logged",
        "loggedin", "signed", "owner", "member", "members", "acl", "perm", "perms", "access",
    }
)
_UNKNOWN, _AUTH = 1, 2
# Words of a FastAPI dependency that identify the caller (`check_account_exists`,
# `require_admin_key`, `get_user`) or that are plumbing (`get_db`, `get_settings`).
_DEPENDS_AUTH = frozenset({"user", "users", "account", "accounts", "key", "keys", "super", "owner", "identity", "me"})
_PLUMBING = frozenset(
    {
        "db", "database", "session", "settings", "config", "pagination", "paginate", "paginator", "cache", "redis",
        "http", "client", "logger", "templates", "limiter", "background", "storage", "repo", "repository",
        "service", "services", "uow", "engine", "conn", "connection", "params", "query", "filters", "queue",
    }
)
# Hooks that run before every route of an app or blueprint: a module-wide check.
_HOOKS = frozenset({"before_request", "before_app_request", "url_value_preprocessor", "url_defaults"})
# Packages whose decorators and base classes are known: anything else (a project's own
# mixin or decorator) may carry an authentication check this rule cannot see.
_KNOWN_PACKAGES = ("django.", "rest_framework.", "flask.", "fastapi.", "starlette.", "werkzeug.", "functools.", "builtins.", "typing.", "drf_spectacular.", "drf_yasg.", "flask_wtf.", "flask_cors.", "contextlib.")
_BENIGN_DECORATORS = frozenset(
    {
        "route", "get", "post", "put", "patch", "delete", "api_route", "api_view", "action", "limit", "exempt",
        "cached", "cache", "memoize", "atomic", "doc", "response", "expect", "marshal_with", "validate",
        "csrf_exempt", "csrf_protect", "never_cache", "cache_page", "require_POST", "require_GET",
        "require_safe", "require_http_methods", "staticmethod", "classmethod", "wraps", "context",
        "extend_schema", "swagger_auto_schema", "transaction", "vary_on_cookie", "vary_on_headers",
        "gzip_page", "xframe_options_exempt", "sensitive_post_parameters", "sensitive_variables",
    }
)
_AUTH_PHRASES = (frozenset({"current", "user"}), frozenset({"current", "account"}), frozenset({"user", "passes"}), frozenset({"token", "required"}), frozenset({"verify", "token"}), frozenset({"api", "key"}))
# Attributes and calls in a view's body that check the caller.
_AUTH_ATTRIBUTES = frozenset({"is_authenticated", "is_anonymous", "has_perm", "has_perms", "is_staff", "is_superuser", "has_permission"})
# Views meant for anonymous callers, or authenticated some other way (signatures).
_PUBLIC_WORDS = frozenset(
    {
        "login", "logout", "signin", "signout", "signup", "register", "registration", "token", "tokens", "refresh",
        "forgot", "reset", "webhook", "webhooks", "callback", "health", "healthz", "oauth", "oauth2", "verify",
        "confirm", "activate", "activation", "csrf", "public", "contact", "subscribe", "unsubscribe", "ping",
        "status", "auth", "authenticate", "authorize", "invite", "feedback", "password", "sso", "saml", "openid",
    }
)


@dataclass
class _Handler:
    name: str
    node: cst.CSTNode
    writes: bool
    auth: bool
    public: bool
    unknown: bool = False  # a project decorator or base class that may authenticate


def _is_auth(name: str) -> bool:
    ws = set(words(name))
    return bool(ws & _AUTH_WORDS) or any(phrase <= ws for phrase in _AUTH_PHRASES)


def _strings(expr: cst.BaseExpression) -> set[str]:
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return {s.upper() for el in expr.elements if (s := string_value(el.value))}
    return set()


class StateChangingRouteWithoutAuth(Rule):
    id = "SEC216"
    title = "State-changing route without the authentication its siblings have"
    category = Category.SECURITY
    severity = Severity.HIGH
    # The sibling routes show the module expects authentication; a global middleware,
    # a router-level dependency declared elsewhere or a deliberate public endpoint can
    # still explain the difference.
    confidence = Confidence.MEDIUM
    cwe = (306, 862)
    tags = ("web", "authentication", "authorization")
    options = {"include-tests": False}
    effort = 20
    refs = (
        "https://cwe.mitre.org/data/definitions/862.html",
        "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/",
        "https://fastapi.tiangolo.com/tutorial/security/get-current-user/",
        "https://flask-login.readthedocs.io/en/latest/#flask_login.login_required",
        "https://docs.djangoproject.com/en/stable/topics/auth/default/#the-login-required-decorator",
    )
    why = """
        When the other routes of a module require a logged-in user and one POST, PUT,
        PATCH or DELETE route does not, that route is usually the one where the
        decorator or dependency was forgotten: anyone on the internet can create,
        change or delete data through it (broken function-level authorization, the
        fifth of OWASP's API risks). Recognised: FastAPI `Depends`/`Security`
        dependencies on parameters, routes and routers; Flask and Django decorators
        (`login_required`, `permission_required`, `jwt_required`, `auth.login_required`,
        `user_passes_test`...); Django class-based views with auth mixins or DRF
        `permission_classes`; checks of `is_authenticated` / `has_perm` in the body.
        Login, registration, password-reset, token and webhook routes are public by
        design and not reported; a module with a `before_request` hook is skipped.
    """
    fix = """
        Add the same protection as the sibling routes (`current_user: User =
        Depends(get_current_user)`, `@login_required`, `LoginRequiredMixin`), or put it
        on the router/blueprint so no route can miss it (`APIRouter(dependencies=
        [Depends(get_current_user)])`, a blueprint `before_request` check). If the route
        is public on purpose, say so in a comment and suppress the finding.
    """
    example = Example(
        before="""
            from fastapi import APIRouter, Depends

            router = APIRouter()

            @router.get("/items")
            def list_items(user=Depends(get_current_user)):
                return []

            @router.delete("/items/{item_id}")
            def delete_item(item_id: int):
                remove(item_id)
        """,
        after="""
            from fastapi import APIRouter, Depends

            router = APIRouter()

            @router.get("/items")
            def list_items(user=Depends(get_current_user)):
                return []

            @router.delete("/items/{item_id}")
            def delete_item(item_id: int, user=Depends(get_current_user)):
                remove(item_id)
        """,
    )
    VALID = [
        # Every route protected; login is public by design.
        """
        from typing import Annotated
        from fastapi import APIRouter, Depends, Security
        router = APIRouter()
        @router.get("/me")
        def me(user: Annotated[User, Depends(get_current_user)]):
            return user
        @router.post("/items")
        def create(item: Item, user=Security(get_user, scopes=["items"])):
            return item
        @router.post("/items/{id}/archive", dependencies=[Depends(require_admin)])
        def archive(id: int):
            pass
        @router.post("/login")
        def login(form: Form):
            pass
        """,
        # No route of the module is protected: nothing to compare with.
        """
        from flask import Flask
        app = Flask(__name__)
        @app.route("/")
        def index():
            pass
        @app.route("/comment", methods=["POST"])
        def comment():
            pass
        """,
        # A blueprint-wide check.
        """
        from flask import Blueprint
        bp = Blueprint("admin", __name__)
        @bp.before_request
        def check():
            require_admin()
        @bp.route("/users/<id>", methods=["DELETE"])
        def delete_user(id):
            pass
        @login_required
        @bp.route("/users")
        def users():
            pass
        """,
        # Auth inherited from a local base; a project mixin or decorator that may check the
        # caller (unknown: not reported); a logout view; a url_value_preprocessor hook.
        """
        from django.contrib.auth.mixins import LoginRequiredMixin
        from django.views import View
        from myproject.mixins import EventPermissionMixin
        from myproject.auth import project_member
        class Base(LoginRequiredMixin, View):
            pass
        class Edit(Base):
            def post(self, request):
                pass
        class Delete(EventPermissionMixin, View):
            def post(self, request):
                pass
        class LogoutView(View):
            def post(self, request):
                pass
        @project_member
        def archive(request):
            if request.method == "POST":
                pass
        """,
        """
        from flask import Blueprint
        main = Blueprint("main", __name__)
        @main.url_value_preprocessor
        def pull_project(endpoint, values):
            check_session(values)
        @main.route("/<project>/edit", methods=["POST"])
        def edit(project):
            pass
        @main.route("/admin")
        @requires_admin
        def admin():
            pass
        """,
    ]
    INVALID = [
        """
        from flask import Flask
        from flask_login import login_required, current_user
        app = Flask(__name__)
        @app.route("/profile")
        @login_required
        def profile():
            pass
        @app.route("/profile", methods=["POST"])
        def update_profile():  # expect
            pass
        @app.post("/avatar")
        def upload_avatar():  # expect
            pass
        @app.route("/settings", methods=["GET", "POST"])
        def settings():
            if not current_user.is_authenticated:
                abort(401)
        """,
        """
        from django.contrib.auth.decorators import login_required
        from django.contrib.auth.mixins import LoginRequiredMixin
        from django.views import View
        from django.views.decorators.http import require_POST
        @login_required
        def dashboard(request):
            pass
        @require_POST
        def delete_account(request):  # expect
            pass
        def transfer(request):  # expect
            if request.method == "POST":
                pass
        class EditView(LoginRequiredMixin, View):
            def post(self, request):
                pass
        class PublishView(View):
            def post(self, request):  # expect
                pass
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._handlers: list[_Handler] = []
        self._open: list[_Handler | None] = []  # the handler each enclosing def belongs to
        self._classes: list[tuple[bool, bool, bool, bool]] = []  # (view, auth, unknown, public)
        self._class_info: dict[str, tuple[bool, bool]] = {}  # local class -> (auth, unknown)
        self._protected_routers: set[str] = set()
        self._unknown_routers: set[str] = set()  # routers with dependencies of unknown purpose
        self._module_hook = False
        self.idle = skips_tests(self) or not (_writes_possible(self.context) and _auth_possible(self.context.index))

    # --- collection -------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if isinstance(value, cst.Call) and call_name(value) in ("APIRouter", "FastAPI", "Blueprint"):
            kind = _dependencies_kind(value)
            if kind:
                routers = self._protected_routers if kind == _AUTH else self._unknown_routers
                routers.update(dotted(t.target) for t in node.targets)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = [b.value for b in node.bases if b.keyword is None]
        view = any({"view", "viewset", "apiview"} & set(words(dotted(b).rsplit(".", 1)[-1])) for b in bases)
        auth, unknown = False, False
        for base in bases:
            base_auth, base_unknown = self._base(base)
            auth, unknown = auth or base_auth, unknown or base_unknown
        auth = auth or self._decorators_auth(node.decorators) or _class_permissions(node)
        unknown = unknown and not auth
        self._class_info[node.name.value] = (auth, unknown)
        public = bool(set(words(node.name.value)) & _PUBLIC_WORDS)
        self._classes.append((view, auth, unknown, public))

    def _base(self, base: cst.BaseExpression) -> tuple[bool, bool]:
        """(authenticates, unknown) for a base class."""
        name = dotted(base)
        if name in self._class_info:
            return self._class_info[name]
        last = name.rsplit(".", 1)[-1]
        if _is_auth(last):
            return True, False
        qualified = self.qualify(base) or ""
        return False, not (qualified.startswith(_KNOWN_PACKAGES) or last in ("object", "Generic"))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        handler = self._handler(node)
        if handler is not None:
            self._handlers.append(handler)
        self._open.append(handler or (self._open[-1] if self._open else None))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._open.pop()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in _AUTH_ATTRIBUTES and self._open and self._open[-1] is not None:
            self._open[-1].auth = True

    def visit_Call(self, node: cst.Call) -> None:
        if self._open and self._open[-1] is not None and _is_auth(call_name(node)):
            self._open[-1].auth = True

    def visit_Comparison(self, node: cst.Comparison) -> None:
        handler = self._open[-1] if self._open else None
        if handler is None or not dotted(node.left).endswith("request.method"):
            return
        for target in node.comparisons:
            if (string_value(target.comparator) or "").upper() in _WRITE or _strings(target.comparator) & _WRITE:
                handler.writes = True

    def _handler(self, node: cst.FunctionDef) -> _Handler | None:
        if self._classes and not self._open:
            view, class_auth, unknown, public = self._classes[-1]
            method = node.name.value.upper()
            if not view or method not in _WRITE | {"GET"}:
                return None
            auth = class_auth or self._decorators_auth(node.decorators)
            return _Handler(".".join(self.scope_stack) or node.name.value, node.name, method in _WRITE, auth, public, unknown and not auth)
        if self._open or self._classes:
            return None
        methods = self._route_methods(node)
        if methods is None:
            return None
        params = _params_kind(node)
        auth = self._decorators_auth(node.decorators) or params == _AUTH
        ws = set(words(node.name.value))
        public = bool(ws & _PUBLIC_WORDS) or {"create", "account"} <= ws or self._public_path(node)
        unknown = not auth and (params == _UNKNOWN or any(self._unknown_decorator(d.decorator) for d in node.decorators))
        return _Handler(node.name.value, node.name, bool(methods & _WRITE), auth, public, unknown)

    def _unknown_decorator(self, expr: cst.BaseExpression) -> bool:
        """A decorator from the project itself (not a route, not a framework's): it may check
        the caller."""
        func = expr.func if isinstance(expr, cst.Call) else expr
        if isinstance(func, cst.Attribute) and dotted(func.value) in self._unknown_routers:
            return True
        if isinstance(expr, cst.Call) and _dependencies_kind(expr) == _UNKNOWN:
            return True
        name = dotted(func)
        if not name or name.rsplit(".", 1)[-1] in _BENIGN_DECORATORS:
            return False
        return not (self.qualify(func) or "").startswith(_KNOWN_PACKAGES)

    def _route_methods(self, node: cst.FunctionDef) -> set[str] | None:
        """The HTTP methods a def serves, or None when it is not a route or a view."""
        found: set[str] | None = None
        for decorator in node.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Attribute) and expr.attr.value in _HOOKS:
                self._module_hook = True
            name = call_name(expr) if isinstance(expr, cst.Call) else dotted(expr).rsplit(".", 1)[-1]
            methods = self._decorator_methods(expr, name)
            if methods is not None:
                found = (found or set()) | methods
        if found is None and _django_view(node) and self._imports("django"):
            found = {"GET"}
        return found

    def _decorator_methods(self, expr: cst.BaseExpression, name: str) -> set[str] | None:
        if name in _DJANGO_METHOD_DECORATORS:
            return set(_DJANGO_METHOD_DECORATORS[name])
        if not isinstance(expr, cst.Call):
            return None
        if name in _VERB_DECORATORS and isinstance(expr.func, cst.Attribute):
            return {_VERB_DECORATORS[name]}
        if name == "require_http_methods" and expr.args:
            return _strings(expr.args[0].value)
        if name in _ROUTE_DECORATORS and isinstance(expr.func, (cst.Attribute, cst.Name)):
            for arg in expr.args:
                if (arg.keyword is not None and arg.keyword.value in ("methods", "http_method_names")) or (
                    name == "api_view" and arg.keyword is None
                ):
                    return _strings(arg.value) or {"GET"}
            return {"GET"}
        return None

    def _decorators_auth(self, decorators: tuple[cst.Decorator, ...] | list[cst.Decorator]) -> bool:
        for decorator in decorators:
            expr = decorator.decorator
            func = expr.func if isinstance(expr, cst.Call) else expr
            if _is_auth(dotted(func)) or (isinstance(expr, cst.Call) and _dependencies_kind(expr) == _AUTH):
                return True
            if isinstance(expr, cst.Call) and call_name(expr) == "method_decorator" and expr.args:
                if _is_auth(dotted(expr.args[0].value)):
                    return True
            if isinstance(func, cst.Attribute) and dotted(func.value) in self._protected_routers:
                return True
        return False

    def _public_path(self, node: cst.FunctionDef) -> bool:
        for decorator in node.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Call) and expr.args:
                path = string_value(expr.args[0].value)
                if path and set(words(path)) & _PUBLIC_WORDS:
                    return True
        return False

    def _imports(self, package: str) -> bool:
        return any(ref.target.split(".")[0] == package for ref in self.context.imports.imports)

    # --- verdict ----------------------------------------------------------------------

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._module_hook or (self.context.is_test and not self.opts["include-tests"]):
            return
        if not any(h.auth for h in self._handlers):
            return
        protected = sorted({h.name for h in self._handlers if h.auth})
        shown = ", ".join(f"`{n}`" for n in protected[:3]) + (" ..." if len(protected) > 3 else "")
        for handler in self._handlers:
            if handler.writes and not (handler.auth or handler.public or handler.unknown):
                self.report(
                    handler.node,
                    f"`{handler.name}` changes state with no authentication check, unlike {shown} in this module",
                )


def _dependency_kind(expr: cst.CSTNode) -> int:
    """The strongest `Depends(x)` / `Security(x)` anywhere in expr: _AUTH when x names an
    authentication dependency, _UNKNOWN for one of unknown purpose (it may check the
    caller), 0 when there is none or all are plumbing (a database session, settings)."""
    found = 0
    stack: list[cst.CSTNode] = [expr]
    seen = 0
    while stack and seen < 100:
        node = stack.pop()
        seen += 1
        if isinstance(node, cst.Call) and call_name(node) in ("Depends", "Security"):
            found = max(found, _one_dependency(node))
            if found == _AUTH:
                return found
        stack.extend(children(node))
    return found


def _one_dependency(call: cst.Call) -> int:
    if call_name(call) == "Security":
        return _AUTH
    if not call.args:
        return _UNKNOWN  # `user: User = Depends()`: the class itself is the dependency
    target = call.args[0].value
    name = dotted(target) or call_name_of(target)
    ws = set(words(name))
    if _is_auth(name) or ws & _DEPENDS_AUTH:
        return _AUTH
    return 0 if ws & _PLUMBING else _UNKNOWN


def _dependencies_kind(call: cst.Call) -> int:
    """The `dependencies=[...]` of a route decorator or a router."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "dependencies":
            return _dependency_kind(arg.value)
    return 0


def _params_kind(node: cst.FunctionDef) -> int:
    """The strongest dependency among a route's parameters (defaults and annotations)."""
    params = node.params
    found = 0
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        if {"current"} <= set(words(param.name.value)) and _is_auth(param.name.value):
            return _AUTH
        for part in (param.default, param.annotation.annotation if param.annotation else None):
            if part is None:
                continue
            if _annotation_auth(part):  # type: ignore[arg-type]
                return _AUTH
            found = max(found, _dependency_kind(part))
    return found


def _annotation_auth(expr: cst.BaseExpression) -> bool:
    """`CurrentUser`, `AuthUser`-style annotated aliases that carry the dependency."""
    name = dotted(expr)
    return bool(name) and {"current"} <= set(words(name)) and _is_auth(name)


def _django_view(node: cst.FunctionDef) -> bool:
    params = node.params.params
    return bool(params) and params[0].name.value == "request"


def _class_permissions(node: cst.ClassDef) -> bool:
    """DRF `permission_classes = [...]` other than AllowAny, or `authentication_classes`."""
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    for stmt in body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if not isinstance(small, cst.Assign):
                continue
            names = {dotted(t.target) for t in small.targets}
            if "permission_classes" in names:
                return "AllowAny" not in cst.Module([]).code_for_node(small.value)
            if "authentication_classes" in names or "login_url" in names:
                return True
    return False


def call_name_of(expr: cst.BaseExpression) -> str:
    return call_name(expr) if isinstance(expr, cst.Call) else ""


# --- idle: whether a handler can change state (see `Rule`) -----------------------------------

_VIEW_WORDS = frozenset({"view", "viewset", "apiview"})
_VERB_WRITES = frozenset(name for name, method in _VERB_DECORATORS.items() if method in _WRITE)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _writes_possible(context: FileContext) -> bool:
    """A report needs a handler that `writes` (`_handler`): a POST/PUT/PATCH/DELETE method
    of a view class; a module-level route or view whose decorators name a write method;
    or any handler (a GET method of a view class, a route, a Django view) with a
    `request.method` comparison to a write method somewhere in the file."""
    index = context.index
    if index is None:
        return True
    if not index.has(*_DEFS):
        return False
    module = index.nodes[0]  # `ast.walk` order: the root first
    if not isinstance(module, ast.Module):
        return True
    handlers = False  # one that writes only if a comparison says so
    for node in _defs_in(module.body):
        methods = _ast_route_methods(node, context)
        if methods is not None:
            if methods & _WRITE:
                return True
            handlers = True
    for cls in index.of(ast.ClassDef):
        if _view_class(cls):
            for node in _defs_in(cls.body):
                method = node.name.upper()
                if method in _WRITE:
                    return True
                handlers = handlers or method == "GET"
    return handlers and any(_write_comparison(node) for node in index.of(ast.Compare))


def _defs_in(body: list[ast.stmt]) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The defs a block holds, through if/try/with/loop/match blocks but not defs or classes:
    those libcst visits with no def or class between (`_handler` sees them as routes or
    view methods)."""
    for stmt in body:
        if isinstance(stmt, _DEFS):
            yield stmt
        elif not isinstance(stmt, ast.ClassDef):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(stmt, field, None)
                if block and isinstance(block[0], ast.stmt):
                    yield from _defs_in(block)
            for part in (*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())):
                yield from _defs_in(part.body)


def _ast_route_methods(node: ast.FunctionDef | ast.AsyncFunctionDef, context: FileContext) -> set[str] | None:
    """`_route_methods` on the stdlib node (hooks aside)."""
    found: set[str] | None = None
    for expr in node.decorator_list:
        if expr.__class__ is ast.Call:
            func = expr.func  # type: ignore[attr-defined]
            name = func.attr if func.__class__ is ast.Attribute else func.id if func.__class__ is ast.Name else ""
        else:
            name = ast_dotted(expr).rsplit(".", 1)[-1]
        methods = _ast_decorator_methods(expr, name)
        if methods is not None:
            found = (found or set()) | methods
    if found is None and node.args.args and node.args.args[0].arg == "request":
        if any(ref.target.split(".")[0] == "django" for ref in context.imports.imports):
            found = {"GET"}
    return found


def _ast_decorator_methods(expr: ast.expr, name: str) -> set[str] | None:
    """`_decorator_methods` on the stdlib node, or a superset of its methods where it reads
    one argument by its place among all (which the stdlib tree splits by kind)."""
    if name in _DJANGO_METHOD_DECORATORS:
        return set(_DJANGO_METHOD_DECORATORS[name])
    if not isinstance(expr, ast.Call):
        return None
    if name in _VERB_DECORATORS and expr.func.__class__ is ast.Attribute:
        return {_VERB_DECORATORS[name]}
    values = [arg.value if arg.__class__ is ast.Starred else arg for arg in expr.args]  # type: ignore[attr-defined]
    if name == "require_http_methods" and (values or expr.keywords):
        return {m for value in (*values, *(k.value for k in expr.keywords)) for m in _ast_strings(value)}
    if name in _ROUTE_DECORATORS and isinstance(expr.func, (ast.Attribute, ast.Name)):
        found = {"GET"}
        for keyword in expr.keywords:
            if keyword.arg in ("methods", "http_method_names"):
                found |= _ast_strings(keyword.value)
        if name == "api_view":
            for value in values:
                found |= _ast_strings(value)
        return found
    return None


def _ast_strings(expr: ast.expr) -> set[str]:
    """`_strings`: the upper-cased non-empty str literals of a list, tuple or set (a starred
    item is read as its value, as libcst's `StarredElement.value`)."""
    if not isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return set()
    found = set()
    for el in expr.elts:
        if el.__class__ is ast.Starred:
            el = el.value  # type: ignore[attr-defined]
        if el.__class__ is ast.Constant and el.value.__class__ is str and el.value:  # type: ignore[attr-defined]
            found.add(el.value.upper())  # type: ignore[attr-defined]
    return found


def _write_comparison(node: ast.Compare) -> bool:
    """`visit_Comparison` marking its handler as writing: `request.method` against a write
    method (a literal, or a list, tuple or set of them)."""
    if not ast_dotted(node.left).endswith("request.method"):
        return False
    for comparator in node.comparators:
        if comparator.__class__ is ast.Constant and comparator.value.__class__ is str:  # type: ignore[attr-defined]
            if comparator.value.upper() in _WRITE:  # type: ignore[attr-defined]
                return True
        elif _ast_strings(comparator) & _WRITE:
            return True
    return False


# Identifiers that make a handler authenticated by their presence alone.
_AUTH_NAMES = frozenset({"Security", "permission_classes", "authentication_classes", "login_url"})


def _auth_possible(index: AstIndex | None) -> bool:
    """A report also needs a sibling handler with `auth`, which only identifiers give: a
    decorator, base class, parameter, annotation or dependency named by `_is_auth`;
    `Security(...)`; `Depends(x)` with x named like a user or key; DRF/Django class
    attributes. Checked on the words of all identifiers together (a superset)."""
    if index is None:
        return True
    names = index.names
    if not _AUTH_NAMES.isdisjoint(names):
        return True
    found: set[str] = set()
    for name in names:
        found.update(words(name))
    if not _AUTH_WORDS.isdisjoint(found) or any(phrase <= found for phrase in _AUTH_PHRASES):
        return True
    return "Depends" in names and not _DEPENDS_AUTH.isdisjoint(found)


def _view_class(node: ast.ClassDef) -> bool:
    """A base whose last name has a view word (`visit_ClassDef`'s `view`)."""
    for base in node.bases:
        last = base.id if base.__class__ is ast.Name else base.attr if base.__class__ is ast.Attribute else ""  # type: ignore[attr-defined]
        if _VIEW_WORDS & set(words(last)):
            return True
    return False
