"""Per-file facts about a web service's defences, for the project-level security rules
(SEC219 rate limiting on login endpoints, SEC220 security headers).

Gathered in the worker from the already-parsed stdlib tree and the file's text: login
and token endpoints, application objects, Django settings modules, and any sign that
rate limiting or security headers are configured. Plain, picklable data.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from auditor.project import ProjectIndex
from auditor.rule import Collector, FileContext
from auditor.source import SourceFile, split_lines

KEY = "security-surface"

_ROUTE_ATTRS = frozenset({"route", "get", "post", "put", "patch", "api_route", "add_url_rule", "api_view"})
_LOGIN_WORDS = frozenset({"login", "signin", "logon", "authenticate", "token", "otp", "mfa", "twofa"})
_LOGIN_CLASSES = re.compile(r"(LoginView|ObtainAuthToken|TokenObtain\w*View|TokenView|KnoxLoginView|LoginAPIView)$")
_APP_CTORS = {"Flask": "flask", "Quart": "flask", "FastAPI": "fastapi", "Starlette": "starlette"}
_DJANGO_MARKERS = frozenset({"INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF"})
# Substrings (lower-cased text) that mean a rate limiter or brute-force guard is in use.
RATE_LIMIT_SIGNS = (
    "flask_limiter", "slowapi", "fastapi_limiter", "django_ratelimit", "ratelimit", "rate_limit", "ratelimiter",
    "throttle", "'axes'", '"axes"', "axes.middleware", "limiter", "brute_force", "bruteforce",
)
# Substrings (lower-cased text) that mean security headers are set somewhere.
HEADER_SIGNS = (
    "strict-transport-security", "talisman", "secure_hsts_seconds", "secure.secure",
    "import secure", "from secure", "secureheaders", "content-security-policy", "hstsmiddleware",
    "httpsredirectmiddleware", "x-content-type-options", "secure_ssl_redirect",
    "security.w004",  # Django's HSTS check silenced on purpose: the proxy sets it
    "csp.middleware", "from csp", "import csp",
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def words(text: str) -> set[str]:
    return {w.lower() for w in re.split(r"[^A-Za-z0-9]+", _CAMEL.sub("_", text)) if w}


@dataclass(frozen=True)
class Surface:
    """What one file contributes."""

    logins: tuple[tuple[str, int], ...] = ()  # (endpoint name or path, line)
    apps: tuple[tuple[str, int], ...] = ()  # (framework, line) of module-level app objects
    django_settings: int = 0  # line of the first Django settings marker; 0 when not settings
    rate_limited: bool = False
    headers: bool = False
    hsts_off: bool = False  # SECURE_HSTS_SECONDS = 0 written out


class SurfaceCollector(Collector):
    key = KEY

    def collect(self, source: SourceFile, context: FileContext) -> Surface | None:
        if context.is_test:
            return None
        text = source.text.lower()
        tree = source.ast
        logins = tuple(_logins(tree))
        apps = tuple(_apps(tree))
        settings = _settings_line(tree)
        hsts_off = "secure_hsts_seconds = 0" in text
        surface = Surface(
            logins=logins,
            apps=apps,
            django_settings=settings,
            rate_limited=any(sign in text for sign in RATE_LIMIT_SIGNS),
            headers=any(sign in text for sign in HEADER_SIGNS if sign != "secure_hsts_seconds")
            or ("secure_hsts_seconds" in text and not hsts_off),
            hsts_off=hsts_off,
        )
        return surface if surface != Surface() else None


def _decorator_route(node: ast.expr) -> str | None:
    """The path of a route decorator (`@app.post("/login")` -> "/login"); "" if none given."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    if node.func.attr not in _ROUTE_ATTRS:
        return None
    first = node.args[0] if node.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""


def _logins(tree: ast.Module) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            paths = [p for d in node.decorator_list if (p := _decorator_route(d)) is not None]
            if paths and (words(node.name) | words(" ".join(paths))) & _LOGIN_WORDS:
                out.append((node.name, node.lineno))
        elif isinstance(node, ast.ClassDef) and _LOGIN_CLASSES.search(node.name):
            out.append((node.name, node.lineno))
    out.extend(_url_logins(tree))
    return out


def _url_logins(tree: ast.Module) -> list[tuple[str, int]]:
    """Django URLconf entries: `path("login/", LoginView.as_view())`."""
    out: list[tuple[str, int]] = []
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in node.targets)):
            continue
        for call in ast.walk(node.value):
            if not (isinstance(call, ast.Call) and isinstance(call.func, (ast.Name, ast.Attribute))):
                continue
            name = call.func.id if isinstance(call.func, ast.Name) else call.func.attr
            first = call.args[0] if call.args else None
            if name in ("path", "re_path", "url") and isinstance(first, ast.Constant) and isinstance(first.value, str):
                view = ast.unparse(call.args[1]) if len(call.args) > 1 else ""
                if words(first.value) & _LOGIN_WORDS or _LOGIN_CLASSES.search(view.split(".as_view")[0]):
                    out.append((first.value or view, call.lineno))
    return out


def _apps(tree: ast.Module) -> list[tuple[str, int]]:
    out = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
            func = node.value.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _APP_CTORS:
                out.append((_APP_CTORS[name], node.lineno))
    return out


def _settings_line(tree: ast.Module) -> int:
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in _DJANGO_MARKERS:
                    return node.lineno
    return 0


def other_file_signs(project: ProjectIndex, globs: tuple[str, ...], signs: tuple[str, ...], limit: int = 60) -> bool:
    """Whether one of the repository's non-Python files matching `globs` mentions a sign."""
    for rel in project.files_matching(*globs)[:limit]:
        text = project.read_text(rel, limit=512 * 1024)
        if text and any(sign in text.lower() for sign in signs):
            return True
    return False


def line_text(project: ProjectIndex, relpath: str, line: int) -> str:
    """The text of one line of a repository file, for a project rule's snippet."""
    text = project.read_text(relpath)
    lines = split_lines(text) if text else []
    return lines[line - 1] if 0 < line <= len(lines) else ""
