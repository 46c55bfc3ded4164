"""What the tests reach and what coverage data says (TST001, TST002, TST006 and the
report's `testing` section).

- Reach, from the import graph: the modules test modules import, directly or through
  other modules, plus what a test runner loads by name (Django settings, the URLconf and
  apps they name, dotted strings in reached modules), plus the packages above them
  (importing `pkg.sub` runs `pkg/__init__.py`).
- Coverage, when the repository has it: `coverage.xml` (Cobertura, read with the stdlib
  `xml.etree.ElementTree`, or defusedxml when installed: a file the team's own test run
  wrote, not untrusted input; a file declaring entities is refused) or `.coverage` (coverage.py's SQLite
  data, opened read-only through a `file:...?mode=ro` URI). `.coverage` keeps only the
  executed lines, so the statements of each file are counted from its source (the
  lines where statements start, docstrings aside), as coverage.py does, closely.
Nothing is run; the files are usually git-ignored, so they are looked up by name.
"""

from __future__ import annotations

import ast
import sqlite3
import xml.etree.ElementTree as ET  # nosec B405 - ParseError only; parsing below
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any


from auditor.analysis.coverage_paths import COVERAGE_DIRS, COVERAGE_FILES
from auditor.analysis.definitions import DefinitionsCollector, definitions, name_patterns
from auditor.analysis.graph import entry_points, runtime_graph
from auditor.analysis.service import is_product_path
from auditor.project import ModuleFacts, ProjectIndex

try:  # defusedxml when the environment has it (it is not a dependency)
    from defusedxml.ElementTree import fromstring as _parse_xml
except ImportError:  # the team's own coverage report; entity declarations are refused below
    from xml.etree.ElementTree import fromstring as _parse_xml  # nosec B405 B314

REACH_KEY = "testing:reach"
COVERAGE_KEY = "testing:coverage"
_MAX_COVERAGE_BYTES = 64 * 1024 * 1024
# Modules a test does not need to import: loaded by tools, frameworks, or run as scripts.
_NOT_UNIT = frozenset(
    {
        "__main__", "setup", "manage", "wsgi", "asgi", "conftest", "noxfile", "fabfile", "migrations",
        "gunicorn_conf", "gunicorn", "alembic", "versions", "settings", "local_settings", "apps", "admin",
        # loaded by name by a framework: template tag libraries, management commands, locale formats
        "templatetags", "commands", "locale",
    }
)


def is_test_module(facts: ModuleFacts) -> bool:
    """Test files, plus Django's `tests.py` convention and `tests_*.py`."""
    name = PurePosixPath(facts.file).name
    return facts.is_test or name == "tests.py" or name.startswith("tests_")


@dataclass(frozen=True)
class Reach:
    tests: tuple[str, ...]  # test module names
    reached: frozenset[str]  # modules the tests load, directly or not
    product: tuple[str, ...]  # product modules that count (see `countable`)


def countable(project: ProjectIndex, facts: ModuleFacts) -> bool:
    """A product module that tests are expected to import (not a script, a migration,
    an example, settings, a package's empty `__init__`...)."""
    if is_test_module(facts) or not is_product_path(facts.file) or project.layout.is_loose(facts.file):
        return False
    parts = facts.module.split(".")
    if any(p in _NOT_UNIT or p.startswith("settings") for p in parts):
        return False
    return not (facts.is_package and facts.lines < 30)


def reach(project: ProjectIndex) -> Reach:
    """What the tests reach (computed once per run)."""
    cached = project.cache.get(REACH_KEY)
    if isinstance(cached, Reach):
        return cached
    tests = sorted(m for m, f in project.modules.items() if is_test_module(f))
    reached: set[str] = set()
    if tests:
        roots = set(tests) | _loaded_by_name(project)
        reached = _closure(project, roots)
    product = tuple(sorted(m for m, f in project.modules.items() if countable(project, f)))
    result = Reach(tuple(tests), frozenset(reached), product)
    project.cache[REACH_KEY] = result
    return result


def _loaded_by_name(project: ProjectIndex) -> set[str]:
    """Modules loaded without an import statement, assumed loaded under the tests too:
    settings (a test runner loads them), modules named by a name built at run time, and,
    when the code discovers plugins by walking packages (`pkgutil.walk_packages`), the
    modules of the discovering module's top-level package that nothing imports."""
    dynamic = name_patterns(project)
    graph = runtime_graph(project)
    entries = entry_points(project)
    discovering = _plugin_discovery(project)
    out: set[str] = set()
    for module, facts in project.modules.items():
        if _runner_loaded(module) or (dynamic is not None and dynamic.fullmatch(module)):
            out.add(module)
        elif discovering and not graph.in_degree(module) and module not in entries and not facts.is_package:
            if module.split(".", 1)[0] in discovering:
                out.add(module)
    return out


def _plugin_discovery(project: ProjectIndex) -> set[str]:
    """Top-level packages of the product modules that walk packages to load plugins."""
    out: set[str] = set()
    for module, facts in project.modules.items():
        if is_test_module(facts):
            continue
        if any(i.target == "pkgutil" or i.target.startswith("pkgutil.") for i in facts.imports):
            out.add(module.split(".", 1)[0])
    return out


def _runner_loaded(module: str) -> bool:
    """Settings modules: a Django (or similar) test run loads them, and what they name."""
    return any(p == "settings" or p.startswith("settings") for p in module.split("."))


def _closure(project: ProjectIndex, roots: set[str]) -> set[str]:
    graph = runtime_graph(project)
    dotted = {project.modules[m].file: m for m in project.modules}
    strings = {dotted[f]: d.dotted for f, d in definitions(project).items() if f in dotted}
    reached: set[str] = set()
    frontier = set(roots)
    while frontier:
        # One walk from every root at once: a walk per root (nx.descendants) was
        # quadratic on Django's 2,100 test modules (2 s of a 10 s warm run).
        stack = sorted(m for m in frontier if m in graph and m not in reached)
        new: set[str] = set(stack)
        while stack:
            for successor in graph.successors(stack.pop()):
                if successor not in reached and successor not in new:
                    new.add(successor)
                    stack.append(successor)
        reached |= new
        frontier = set()
        for module in new:
            for text in strings.get(module, ()):
                owner = _owner(project, text)
                if owner and owner not in reached:
                    frontier.add(owner)
    parents = {".".join(m.split(".")[:i]) for m in reached for i in range(1, m.count(".") + 1)}
    return reached | {p for p in parents if p in project.modules}


def _owner(project: ProjectIndex, dotted: str) -> str | None:
    name = dotted
    while name:
        if name in project.modules:
            return name
        name = name.rpartition(".")[0]
    return None


def untested(project: ProjectIndex) -> list[str]:
    """Product modules no test reaches (empty when the repository has no tests)."""
    r = reach(project)
    if not r.tests:
        return []
    return [m for m in r.product if m not in r.reached]


# ---------------------------------------------------------------------------------------
# Coverage data


@dataclass
class FileCoverage:
    statements: int
    covered: int
    missing: frozenset[int] = frozenset()  # statement lines never executed
    lines: frozenset[int] = frozenset()  # every statement line

    @property
    def rate(self) -> float:
        return self.covered / self.statements if self.statements else 1.0


@dataclass
class Coverage:
    file: str = ""  # the coverage file read, relative to the root ("" when none)
    line_rate: float | None = None
    files: dict[str, FileCoverage] = field(default_factory=dict)  # repository relpath -> data
    error: str = ""


def coverage(project: ProjectIndex) -> Coverage:
    """The repository's coverage data, read once per run; `file` is "" when none."""
    cached = project.cache.get(COVERAGE_KEY)
    if isinstance(cached, Coverage):
        return cached
    result = Coverage()
    found = find_coverage_file(project)
    if found:
        try:
            result = _read_sqlite(project, found) if found.endswith(".coverage") else _read_xml(project, found)
        except (OSError, ET.ParseError, sqlite3.Error, ValueError) as exc:
            result = Coverage(file=found, error=f"{type(exc).__name__}: {exc}"[:200])
        result.file = found
    project.cache[COVERAGE_KEY] = result
    return result


def find_coverage_file(project: ProjectIndex) -> str:
    """The first coverage file found by its usual names and folders ("" for none)."""
    if not project.root:
        return ""
    root = Path(project.root)
    discovered = {f for f in project.other_files if PurePosixPath(f).name in COVERAGE_FILES}
    candidates = [f"{d}/{n}" if d else n for d in COVERAGE_DIRS for n in COVERAGE_FILES]
    for rel in [*candidates, *sorted(discovered, key=lambda f: (f.count("/"), f))]:
        path = root / rel
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_size <= _MAX_COVERAGE_BYTES:
                return rel
        except OSError:
            continue
    return ""


class _PathMap:
    """Maps the paths a coverage file names (absolute, or relative to a source folder
    of the machine that ran the tests) to the repository's files, by longest suffix."""

    def __init__(self, project: ProjectIndex, sources: list[str]) -> None:
        self.files = {m.file for m in project.modules.values()}
        self.root = project.root.rstrip("/")
        self.sources = [s.replace("\\", "/").rstrip("/") for s in sources if s]

    def find(self, name: str) -> str | None:
        name = name.replace("\\", "/")
        candidates = [name] + [f"{s}/{name}" for s in self.sources]
        for candidate in candidates:
            if candidate.startswith(self.root + "/"):
                candidate = candidate[len(self.root) + 1 :]
            parts = [p for p in candidate.split("/") if p not in ("", ".")]
            for i in range(len(parts)):
                rel = "/".join(parts[i:])
                if rel in self.files:
                    return rel
        return None


def _read_xml(project: ProjectIndex, rel: str) -> Coverage:
    text = project.read_text(rel, limit=_MAX_COVERAGE_BYTES)
    if text is None:
        raise OSError("unreadable")
    if "<!ENTITY" in text:
        raise ValueError("coverage.xml declares entities; not read")
    tree = _parse_xml(text)  # nosec B314
    sources = [s.text or "" for s in tree.iter("source")]
    paths = _PathMap(project, sources)
    hits: dict[str, dict[int, bool]] = {}
    for cls in tree.iter("class"):
        target = paths.find(cls.get("filename", ""))
        if target is None:
            continue
        lines = hits.setdefault(target, {})  # one file may span several <class> elements
        for line in cls.iter("line"):
            number = int(line.get("number", "0"))
            lines[number] = lines.get(number, False) or int(line.get("hits", "0")) > 0
    files = {
        target: FileCoverage(
            len(lines), sum(lines.values()), frozenset(n for n, hit in lines.items() if not hit), frozenset(lines)
        )
        for target, lines in hits.items()
    }
    rate = tree.get("line-rate")
    return Coverage(rel, float(rate) if rate else _overall(files), files)


def _read_sqlite(project: ProjectIndex, rel: str) -> Coverage:
    path = (Path(project.root) / rel).absolute()
    uri = f"{path.as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}
        if "file" not in tables:
            raise ValueError("not a coverage.py data file")
        names = dict(connection.execute("select id, path from file"))
        executed: dict[int, set[int]] = {i: set() for i in names}
        if "line_bits" in tables:
            for file_id, numbits in connection.execute("select file_id, numbits from line_bits"):
                executed.setdefault(file_id, set()).update(_numbits_lines(numbits))
        if "arc" in tables:
            for file_id, start, end in connection.execute("select file_id, fromno, tono from arc"):
                executed.setdefault(file_id, set()).update(n for n in (start, end) if n > 0)
    finally:
        connection.close()
    paths = _PathMap(project, [])
    files: dict[str, FileCoverage] = {}
    for file_id, name in sorted(names.items()):
        target = paths.find(name)
        statements = _statement_lines(project, target) if target else None
        if target is None or statements is None:
            continue
        hit = statements & executed.get(file_id, set())
        files[target] = FileCoverage(len(statements), len(hit), frozenset(statements - hit), frozenset(statements))
    return Coverage(rel, _overall(files), files)


def _numbits_lines(numbits: bytes) -> list[int]:
    """coverage.py's numbits: bit `n % 8` of byte `n // 8` set means line n ran."""
    return [i * 8 + bit for i, byte in enumerate(numbits) for bit in range(8) if byte & (1 << bit)]


def _statement_lines(project: ProjectIndex, relpath: str) -> set[int] | None:
    """Lines where statements start (a decorated def counts at its first decorator),
    module, class and function docstrings left out: coverage.py's statements, closely."""
    text = project.read_text(relpath)
    if text is None:
        return None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first))
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and id(node) not in docstrings:
            decorators = getattr(node, "decorator_list", [])
            lines.add(min([node.lineno, *(d.lineno for d in decorators)]))
    return lines


def _overall(files: dict[str, FileCoverage]) -> float | None:
    statements = sum(f.statements for f in files.values())
    return round(sum(f.covered for f in files.values()) / statements, 4) if statements else None


# ---------------------------------------------------------------------------------------
# The report section


def testing_section(project: ProjectIndex) -> dict[str, Any]:
    """The report's `testing` section: whether coverage data was found (and its overall
    line rate), and how many product modules the tests reach through the import graph."""
    data = coverage(project)
    r = reach(project)
    missing = untested(project)
    return {
        "coverage_found": bool(data.file) and not data.error,
        "coverage_file": data.file or None,
        "coverage_error": data.error or None,
        "line_rate": data.line_rate,
        "coverage_files": len(data.files),
        "test_modules": len(r.tests),
        "tested_modules": len(r.product) - len(missing) if r.tests else 0,
        "untested_modules": len(missing) if r.tests else len(r.product),
    }


NEEDS = (DefinitionsCollector,)
