"""What a service does to be operable: logging configuration, health endpoints, metrics,
tracing and error reporting (OBS007-OBS009).

`OperationsCollector` records, per Python file, the few facts these project rules need
(from the cached stdlib tree); `operations(project)` joins them with the repository's
other files (logging config files, manifests, Dockerfiles, Procfiles, orchestrator
probes) once per run. `service_anchor(project)` is where a finding about the whole
service goes: the application object, else the Django settings, else a deployment file.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from auditor.analysis.service import is_product_path, repository_kind
from auditor.project import ProjectIndex
from auditor.rule import Collector, FileContext
from auditor.source import SourceFile

KEY = "operations"
CACHE_KEY = "operations:facts"

# Frameworks that serve HTTP (a Celery-only worker has no endpoint to probe).
WEB_FRAMEWORKS = frozenset(
    {"django", "flask", "fastapi", "starlette", "aiohttp", "tornado", "sanic", "falcon", "bottle", "pyramid", "quart", "litestar"}
)

# Calls (qualified through the file's imports) that configure logging.
_CONFIG_CALLS = frozenset(
    {
        "logging.basicConfig", "logging.config.dictConfig", "logging.config.fileConfig",
        "logging.config.listen", "structlog.configure", "structlog.configure_once",
        "loguru.logger.add", "loguru.logger.configure",
    }
)
# Module-level settings that configure logging: Django's LOGGING, gunicorn's logconfig*.
_CONFIG_SETTINGS = frozenset({"LOGGING", "LOGGING_CONFIG", "logconfig", "logconfig_dict", "logconfig_json", "LOG_CONFIG"})
_CONFIG_FILES = (
    "logging.conf", "logging.ini", "logging.yaml", "logging.yml", "logging.json", "log_config.*", "logging_config.*",
    "log.conf", "log.ini", "log.yaml", "log.yml", "log_conf.*", "logging.toml", "gunicorn.conf.py",
)
_CONFIG_FLAGS = re.compile(r"--log-config\b|--logconfig\b|--log-config-json\b|\blogconfig\s*=")

# Top-level import names of metrics, tracing, APM and error-reporting integrations.
MONITORING_IMPORTS = frozenset(
    {
        "prometheus_client", "prometheus_fastapi_instrumentator", "prometheus_flask_exporter", "starlette_exporter",
        "starlette_prometheus", "django_prometheus", "aioprometheus", "opentelemetry", "opencensus", "sentry_sdk",
        "raven", "statsd", "datadog", "ddtrace", "newrelic", "elasticapm", "scout_apm", "honeybadger", "rollbar",
        "bugsnag", "logfire", "aws_xray_sdk", "pyroscope", "appsignal", "airbrake", "instana", "atatus",
        "prometheus_async", "django_statsd", "markus", "structlog_sentry", "graphene_sentry", "opbeat",
    }
)
# Distribution names in manifests, and launchers in Procfiles/Dockerfiles.
_MONITORING_TEXT = re.compile(
    r"(?<![\w-])(?:prometheus[-_]client|prometheus[-_]fastapi[-_]instrumentator|prometheus[-_]flask[-_]exporter"
    r"|starlette[-_]exporter|django[-_]prometheus|aioprometheus|opentelemetry[-_][\w-]+|opencensus[\w-]*|sentry[-_]sdk"
    r"|raven|statsd|datadog|ddtrace(?:-run)?|newrelic(?:-admin)?|elastic[-_]apm|scout[-_]apm|honeybadger|rollbar|bugsnag"
    r"|logfire|aws[-_]xray[-_]sdk|pyroscope[-_]io|appsignal|opentelemetry-instrument|django[-_]statsd[\w-]*)(?![\w-])",
    re.IGNORECASE,
)
_MANIFEST_GLOBS = (
    "requirements*.txt", "requirements*.in", "*requirements/*.txt", "*requirements/*.in", "pyproject.toml", "setup.cfg",
    "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock", "Dockerfile", "Dockerfile.*", "Containerfile", "Procfile",
    "docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml", "environment.yml",
)

# A path segment naming a health, readiness or liveness endpoint.
_HEALTH_PATH = re.compile(
    r"(?:^|[/^])_*(?:health|healthz|healthcheck|health[-_]check|health-status|ready|readyz|readiness|live|livez|liveness"
    r"|alive|ping|status|heartbeat|up)_*(?:/|\$|$|\?|\.json$)",
    re.IGNORECASE,
)
# Packages that add such an endpoint.
_HEALTH_PACKAGES = frozenset(
    {"health_check", "healthcheck", "fastapi_health", "flask_healthz", "django_health_check", "starlette_healthcheck", "healthpy", "watchman"}
)
_HEALTH_FUNCTION = re.compile(r"^_*(?:health|healthz|healthcheck|health_check|readiness|liveness|readyz|livez|ping|heartbeat)(?:_\w+)?$", re.I)
_PROBES = re.compile(r"^\s*(?:HEALTHCHECK\s|healthcheck\s*:|livenessProbe\s*:|readinessProbe\s*:|startupProbe\s*:)", re.M | re.I)
_APP_CALLS = frozenset({"Flask", "FastAPI", "Starlette", "Quart", "Sanic", "Litestar", "Bottle", "Application", "Falcon", "App"})
_READ_LIMIT = 512 * 1024


@dataclass(frozen=True)
class FileOperations:
    """What one Python file contributes (lines are 1-based; 0 when absent)."""

    logging_config: int = 0  # first line configuring logging
    health: int = 0  # first line naming a health endpoint (a path string, a def, a package)
    monitoring: tuple[str, ...] = ()  # monitoring packages imported or named in strings
    app_object: int = 0  # line of a module-level `app = Flask(...)`-like assignment or create_app


@dataclass
class Operations:
    """The repository-wide view, computed once per run."""

    logging_config: list[str] = field(default_factory=list)  # "file:line" where logging is configured
    health: list[str] = field(default_factory=list)
    monitoring: dict[str, str] = field(default_factory=dict)  # name -> first file naming it


class OperationsCollector(Collector):
    key = KEY

    def collect(self, source: SourceFile, context: FileContext) -> FileOperations | None:
        if context.is_test or not is_product_path(source.relpath):
            return None
        walker = _Walker(context.imports.bindings)
        walker.walk(source.ast, source.ast_nodes)
        result = FileOperations(walker.config, walker.health, tuple(sorted(walker.monitoring)), walker.app)
        return result if result != FileOperations() else None


def _dotted(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


_NODE_KINDS = frozenset({ast.Import, ast.ImportFrom, ast.Call, ast.Constant, ast.FunctionDef, ast.AsyncFunctionDef})


class _Walker:
    def __init__(self, bindings: dict[str, str]) -> None:
        self.bindings = bindings
        self.config = 0
        self.health = 0
        self.app = 0
        self.monitoring: set[str] = set()

    def qualify(self, node: ast.expr) -> str:
        name = _dotted(node)
        head, _, rest = name.partition(".")
        bound = self.bindings.get(head)
        if bound is None:
            return name
        return f"{bound}.{rest}" if rest else bound

    def walk(self, tree: ast.Module, nodes: list[ast.AST]) -> None:
        for stmt in tree.body:
            self._top(stmt)
        # What a node contributes does not depend on the order the nodes come in (first
        # lines are minimums, packages a set): the few kinds that matter are picked out
        # in one cheap pass, most nodes are none of them.
        kinds = _NODE_KINDS
        for node in nodes:
            if node.__class__ in kinds:
                self._node(node)

    def _top(self, stmt: ast.stmt) -> None:
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets = [stmt.target]
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        if names & _CONFIG_SETTINGS:
            self._mark_config(stmt.lineno)
        value = getattr(stmt, "value", None)
        if names and isinstance(value, ast.Call) and _dotted(value.func).rpartition(".")[2] in _APP_CALLS:
            self.app = self.app or stmt.lineno
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in ("create_app", "make_app", "get_app"):
            self.app = self.app or stmt.lineno

    def _mark_config(self, line: int) -> None:
        self.config = min(self.config, line) if self.config else line

    def _mark_health(self, line: int) -> None:
        self.health = min(self.health, line) if self.health else line

    def _node(self, node: ast.AST) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._import(node)
        elif isinstance(node, ast.Call):
            name = self.qualify(node.func)
            if name in _CONFIG_CALLS or name.startswith("logging.config."):
                self._mark_config(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 200:
            self._string(node.value, node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _HEALTH_FUNCTION.match(node.name):
            self._mark_health(node.lineno)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            tops = [alias.name.split(".", 1)[0] for alias in node.names]
        else:
            tops = [node.module.split(".", 1)[0]] if node.module and not node.level else []
        for top in tops:
            if top in MONITORING_IMPORTS:
                self.monitoring.add(top)
            if top in _HEALTH_PACKAGES:
                self._mark_health(node.lineno)
            if top == "loguru":
                self._mark_config(node.lineno)  # loguru logs to stderr with no set-up
        if isinstance(node, ast.ImportFrom) and node.module == "logging" and any(a.name == "config" for a in node.names):
            self._mark_config(node.lineno)

    def _string(self, text: str, line: int) -> None:
        head = text.split(".", 1)[0]
        if head in MONITORING_IMPORTS and re.fullmatch(r"[\w.]+", text):
            self.monitoring.add(head)  # INSTALLED_APPS / MIDDLEWARE entries
        elif head in _HEALTH_PACKAGES and re.fullmatch(r"[\w.]+", text):
            self._mark_health(line)
        elif ("/" in text or text.startswith("^") or text.isidentifier()) and " " not in text and _HEALTH_PATH.search(text):
            if text.isidentifier() and not _HEALTH_FUNCTION.match(text):
                return
            self._mark_health(line)


def operations(project: ProjectIndex) -> Operations:
    """Logging configuration, health endpoints and monitoring integrations of the
    repository's product code and files (cached in `project.cache`)."""
    cached = project.cache.get(CACHE_KEY)
    if isinstance(cached, Operations):
        return cached
    out = Operations()
    for relpath, facts in sorted(project.facts(KEY).items()):
        if not isinstance(facts, FileOperations):
            continue
        if facts.logging_config:
            out.logging_config.append(f"{relpath}:{facts.logging_config}")
        if facts.health:
            out.health.append(f"{relpath}:{facts.health}")
        for name in facts.monitoring:
            out.monitoring.setdefault(name, relpath)
    _other_files(project, out)
    project.cache[CACHE_KEY] = out
    return out


def _other_files(project: ProjectIndex, out: Operations) -> None:
    for relpath in project.files_matching(*_CONFIG_FILES):
        if is_product_path(relpath):
            out.logging_config.append(f"{relpath}:1")
    manifests = set(project.files_matching(*_MANIFEST_GLOBS))
    for relpath in project.files_matching(*_MANIFEST_GLOBS, "*.yml", "*.yaml"):
        if not is_product_path(relpath):
            continue
        text = project.read_text(relpath, limit=_READ_LIMIT) or ""
        if relpath in manifests:
            found = _MONITORING_TEXT.search(text)
            if found:
                out.monitoring.setdefault(found.group(0).lower(), relpath)
            if _CONFIG_FLAGS.search(text):
                out.logging_config.append(f"{relpath}:1")
        if _PROBES.search(text):
            out.health.append(f"{relpath}:probe")


def is_web_service(project: ProjectIndex) -> bool:
    """A service that serves HTTP (not a worker-only or library repository)."""
    kind = repository_kind(project)
    return kind.is_service and bool(set(kind.frameworks) & WEB_FRAMEWORKS or _has_web_entry(kind.evidence))


def _has_web_entry(evidence: tuple[str, ...]) -> bool:
    return any(e.startswith(("WSGI entry point", "ASGI entry point")) for e in evidence)


def service_anchor(project: ProjectIndex) -> tuple[str, int]:
    """Where a finding about the whole service goes: the module creating the application
    object (its line), else the Django settings module, else `manage.py`, a WSGI/ASGI
    module, a deployment file; ("", 0) when there is nothing to point at."""
    apps = sorted(
        (f.count("/"), f, facts.app_object)
        for f, facts in project.facts(KEY).items()
        if isinstance(facts, FileOperations) and facts.app_object
    )
    if apps:
        return apps[0][1], apps[0][2]
    product = sorted((m.file for m in project.modules.values() if not m.is_test and is_product_path(m.file)), key=lambda f: (f.count("/"), f))
    for predicate in (_is_settings, lambda f: f.endswith("manage.py"), lambda f: f.rsplit("/", 1)[-1] in ("wsgi.py", "asgi.py", "app.py", "main.py")):
        found = [f for f in product if predicate(f)]
        if found:
            return found[0], 1
    from auditor.analysis.deployment import anchor

    return anchor(project)


def report_gap(rule: Any, project: ProjectIndex, what: str, consequence: str) -> None:
    """Report a missing capability of the whole service at `service_anchor`."""
    file, line = service_anchor(project)
    if file:
        message = f"{what} found in this service ({describe_kind(project)}): {consequence}"
        rule.report_at(file, line, message, snippet=first_line(project, file, line))


def _is_settings(relpath: str) -> bool:
    parts = relpath.split("/")
    return parts[-1] in ("settings.py", "production.py", "prod.py", "base.py") and (parts[-1] == "settings.py" or "settings" in parts[:-1])


def first_line(project: ProjectIndex, relpath: str, line: int) -> str:
    text = project.read_text(relpath, limit=2 * 1024 * 1024) or ""
    lines = text.splitlines()
    return lines[line - 1][:300] if 0 < line <= len(lines) else ""


def describe_kind(project: ProjectIndex) -> str:
    kind = repository_kind(project)
    return "; ".join(kind.evidence[:2])


__all__: list[Any] = [
    "OperationsCollector", "FileOperations", "Operations", "operations", "is_web_service", "service_anchor",
    "first_line", "describe_kind", "report_gap", "MONITORING_IMPORTS", "WEB_FRAMEWORKS",
]
