"""What kind of repository is audited: a deployed service, a library, or an application.

Rules that make sense only for services (health checks, CI, HEALTHCHECK in a Dockerfile,
rate limiting...) ask `repository_kind(project)`. The answer comes from the files the
repository ships and the imports of its non-test code; nothing is run or imported:

- service: deployment files (Dockerfile, Procfile, docker-compose, manage.py), a WSGI/ASGI
  entry point, a module-level web or worker application object (`app = Flask(__name__)`,
  `FastAPI()`, `Celery(...)`), an app factory; or web framework imports in a repository
  that is not a package.
- library: package metadata (`[project]`/`[tool.poetry]` in pyproject.toml, setup.py,
  `[metadata]` in setup.cfg) and no service evidence. A Flask extension or a reusable
  Django app imports its framework and is still a library.
- application: neither (scripts, command-line tools, notebooks).

Examples, documentation and tests (`examples/`, `docs/`, `tests/`...) are not evidence:
Flask's sdist ships example apps, and is a library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from auditor.project import ModuleFacts, ProjectIndex

CACHE_KEY = "repository-kind"

# Top-level import name -> framework. aiohttp counts only through `aiohttp.web`.
FRAMEWORKS: dict[str, str] = {
    "django": "django",
    "flask": "flask",
    "fastapi": "fastapi",
    "starlette": "starlette",
    "aiohttp.web": "aiohttp",
    "celery": "celery",
    "tornado": "tornado",
    "sanic": "sanic",
    "falcon": "falcon",
    "bottle": "bottle",
    "pyramid": "pyramid",
    "quart": "quart",
    "litestar": "litestar",
    "dramatiq": "dramatiq",
    "rq": "rq",
}

# Directories whose content is illustration or test scaffolding, not the product.
NON_PRODUCT_DIRS = frozenset(
    {
        "tests", "test", "testing", "examples", "example", "docs", "doc", "docs_src", "samples", "sample",
        "fixtures", "testdata", "test_data", "benchmarks", "bench", "demo", "demos", "tutorial", "site-packages",
        "node_modules", ".venv", "venv", ".tox", "build", "dist",
    }
)

# Deployment files: glob -> label stem.
DEPLOY_FILES = (
    "Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile",
    "Procfile", "docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml",
    "app.yaml", "fly.toml", "render.yaml",
)

# A module-level application object or factory, at column 0 (docstring examples are indented).
_APP_OBJECT = re.compile(
    r"^(?:\w+\s*(?::\s*[\w.]+\s*)?=\s*(?:[\w]+\.)*(?:Flask|FastAPI|Starlette|Quart|Sanic|Litestar|Celery|Bottle"
    r"|Application)\(|def\s+create_app\s*\(|async\s+def\s+create_app\s*\()",
    re.MULTILINE,
)
_WSGI_ASGI = re.compile(r"^(?:application|app)\s*(?::\s*[\w.]+\s*)?=", re.MULTILINE)
_APP_FRAMEWORKS = frozenset({"flask", "fastapi", "starlette", "quart", "sanic", "litestar", "celery", "bottle", "aiohttp", "falcon", "tornado"})
_READ_LIMIT = 512 * 1024
_MAX_READS = 200


@dataclass(frozen=True)
class RepositoryKind:
    kind: str  # "service" | "library" | "application"
    frameworks: tuple[str, ...]  # sorted
    evidence: tuple[str, ...]  # human-readable reasons, sorted

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    def describe(self) -> str:
        """One line for a report: `service (django): Dockerfile; manage.py`."""
        frameworks = f" ({', '.join(self.frameworks)})" if self.frameworks else ""
        return f"{self.kind}{frameworks}: {'; '.join(self.evidence) or 'no evidence'}"


def repository_kind(project: ProjectIndex) -> RepositoryKind:
    """The repository's kind, computed once per run (cached in `project.cache`)."""
    cached = project.cache.get(CACHE_KEY)
    if isinstance(cached, RepositoryKind):
        return cached
    result = _classify(project)
    project.cache[CACHE_KEY] = result
    return result


def is_product_path(relpath: str) -> bool:
    """False for files under tests/, examples/, docs/... (not what gets deployed)."""
    parts = PurePosixPath(relpath).parts[:-1]
    return not any(p.lower() in NON_PRODUCT_DIRS for p in parts)


def _classify(project: ProjectIndex) -> RepositoryKind:
    product = [m for m in project.modules.values() if not m.is_test and is_product_path(m.file)]
    product.sort(key=lambda m: m.file)
    frameworks = _framework_imports(project, product)
    strong = _deployment_files(project) + _python_entry_points(project, product, frameworks)
    package = _package_metadata(project)
    evidence = set(strong)
    if strong:
        kind = "service"
    elif package:
        kind = "library"
        evidence.update(package)
    elif frameworks:
        kind = "service"
    else:
        kind = "application"
        evidence.add("no package metadata and no service evidence")
    if kind != "application":
        evidence.update(f"imports {fw} in {where}" for fw, where in frameworks.items())
    if kind == "library" and not frameworks:
        evidence = {e + " without a web framework" if e.startswith("[") else e for e in evidence}
    return RepositoryKind(kind, tuple(sorted(frameworks)), tuple(sorted(evidence)))


def _framework_of(target: str, names: tuple[str, ...]) -> str | None:
    top = target.split(".", 1)[0]
    if top == "aiohttp":
        return "aiohttp" if target.startswith("aiohttp.web") or "web" in names else None
    return FRAMEWORKS.get(top)


def _framework_imports(project: ProjectIndex, product: list[ModuleFacts]) -> dict[str, str]:
    """framework -> first (sorted) product file importing it; the repository's own
    packages do not count (Flask's own source imports `flask`)."""
    internal = {name.split(".", 1)[0] for name in project.modules}
    found: dict[str, str] = {}
    for module in product:
        for imp in module.imports:
            if not imp.target or imp.target.split(".", 1)[0] in internal:
                continue
            framework = _framework_of(imp.target, imp.names)
            if framework and framework not in found:
                found[framework] = module.file
    return found


def _deployment_files(project: ProjectIndex) -> list[str]:
    files = [f for f in project.files_matching(*DEPLOY_FILES) if is_product_path(f)]
    out = [f for f in files if _deploy_file_counts(project, f)]
    manage = [m.file for m in project.modules.values() if m.file.rsplit("/", 1)[-1] == "manage.py"]
    out.extend(f for f in sorted(manage) if is_product_path(f))
    return out


def _deploy_file_counts(project: ProjectIndex, relpath: str) -> bool:
    """app.yaml is Google App Engine's only when it names a runtime; the rest always count."""
    if relpath.rsplit("/", 1)[-1] != "app.yaml":
        return True
    text = project.read_text(relpath, limit=_READ_LIMIT) or ""
    return bool(re.search(r"^runtime\s*:", text, re.MULTILINE))


def _python_entry_points(project: ProjectIndex, product: list[ModuleFacts], frameworks: dict[str, str]) -> list[str]:
    """WSGI/ASGI modules that define `application`/`app`, and module-level app objects."""
    out: list[str] = []
    reads = 0
    for module in product:
        name = module.file.rsplit("/", 1)[-1]
        if name in ("wsgi.py", "asgi.py"):
            text = project.read_text(module.file, limit=_READ_LIMIT) or ""
            reads += 1
            if _WSGI_ASGI.search(text):
                out.append(f"{name[:4].upper()} entry point {module.file}")
    if not frameworks.keys() & _APP_FRAMEWORKS:
        return out
    for module in product:
        if reads >= _MAX_READS:
            break
        if not any(_framework_of(i.target, i.names) in _APP_FRAMEWORKS for i in module.imports):
            continue
        reads += 1
        text = project.read_text(module.file, limit=_READ_LIMIT) or ""
        if _APP_OBJECT.search(text):
            out.append(f"application object in {module.file}")
            break
    return out


def _package_metadata(project: ProjectIndex) -> list[str]:
    out: list[str] = []
    if "pyproject.toml" in project.other_files:
        text = project.read_text("pyproject.toml", limit=_READ_LIMIT) or ""
        for table in ("[project]", "[tool.poetry]", "[tool.flit.metadata]"):
            if re.search(rf"^\s*{re.escape(table)}\s*$", text, re.MULTILINE):
                out.append(f"{table} in pyproject.toml")
    if any(m.file == "setup.py" for m in project.modules.values()):
        out.append("setup.py")
    if "setup.cfg" in project.other_files:
        text = project.read_text("setup.cfg", limit=_READ_LIMIT) or ""
        if re.search(r"^\s*\[metadata\]\s*$", text, re.MULTILINE):
            out.append("[metadata] in setup.cfg")
    return out


def repository_section(project: ProjectIndex) -> dict[str, object]:
    """The `repository` report section: which kind was found, and why (JSON-able)."""
    kind = repository_kind(project)
    return {"kind": kind.kind, "frameworks": list(kind.frameworks), "evidence": list(kind.evidence)}
