"""The project view: module names, the facts each file contributes, the import graph.

Built once per run from plain per-file facts (picklable, so workers return them), then
handed to every ProjectRule. networkx holds the graph; rules use its algorithms.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping

import pathspec

from auditor.model import Finding

# Test code, by path: what `ModuleFacts.is_test` says, what rules skip or soften, and
# what the ranking weighs less. `/t/` is the `t/` folder at the top of the repository
# (Celery, Kombu: t/unit, t/integration).
TEST_PATTERNS = ("test_*.py", "*_test.py", "tests/", "test/", "testing/", "/t/", "conftest.py")
TEST_FILES = pathspec.GitIgnoreSpec.from_lines(TEST_PATTERNS)


@dataclass(frozen=True)
class ImportFact:
    target: str  # absolute dotted name as written (relative imports resolved)
    names: tuple[str, ...]
    kind: str  # runtime | deferred (inside a function) | dynamic (importlib) | type-checking
    line: int
    text: str = ""  # the import line as written, for snippets


@dataclass(frozen=True)
class ModuleFacts:
    """What one parsed file tells the project-level analysis."""

    module: str
    file: str
    is_package: bool
    lines: int
    imports: tuple[ImportFact, ...]
    is_test: bool = False  # under tests/, test_*.py, conftest.py ...


SOURCE_ROOTS = ("src", "lib")


def module_name_for(relpath: str, source_roots: Iterable[str] = SOURCE_ROOTS) -> tuple[str, bool]:
    """`src/shop/dao.py` -> ("shop.dao", False); `shop/__init__.py` -> ("shop", True).

    The path alone: a leading `src/` or `lib/` is dropped. `SourceLayout.module_name`
    knows the repository (declared roots, packages, namespace packages, scripts).
    """
    parts = list(PurePosixPath(relpath).parts)
    if len(parts) > 1 and parts[0] in tuple(source_roots):
        parts = parts[1:]
    last = parts[-1]
    stem = _stem(last)
    is_package = stem == "__init__"
    parts = parts[:-1] if is_package else [*parts[:-1], stem]
    return ".".join(p for p in parts if p), is_package


class ProjectIndex:
    """Modules of the audited repository and the import graph between them.

    Nodes are module names as Python sees them (see `SourceLayout`); an edge a -> b
    means a imports b, with the attributes `line` (the import line in a's file), `text`
    and `kind`: runtime, deferred (inside a function), dynamic (`importlib.import_module`
    with a literal name) or type-checking (only under `if TYPE_CHECKING:`); one edge per
    pair, of the strongest kind (`KIND_WEIGHT`).

    Beside the graph: `root` (the audited directory), `other_files` (relative paths of
    the files that are not Python: manifests, Dockerfiles, templates, config; read them
    with `read_text`) and `collected[key][relpath]`, the facts of the collectors that
    the selected project rules need.
    """

    def __init__(
        self,
        facts: Iterable[ModuleFacts],
        root: str = "",
        other_files: Iterable[str] = (),
        collected: Mapping[str, Mapping[str, Any]] | None = None,
        layout: SourceLayout | None = None,
    ) -> None:
        self.root = root
        self.other_files: tuple[str, ...] = tuple(sorted(other_files))
        self.collected: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (collected or {}).items()}
        self.layout = layout or SourceLayout()
        # Results computed once per run and shared by several project rules (e.g. the taint
        # analysis that every injection rule reads), by a key of the analysis' choosing.
        self.cache: dict[str, Any] = {}
        # Every finding of the run (file and project rules), set before the report
        # sections are built; empty while the project rules run.
        self.findings: tuple[Finding, ...] = ()
        self.modules: dict[str, ModuleFacts] = {}
        for fact in sorted(facts, key=lambda f: f.file):
            # Two files can claim one name (scripts in several folders); the first wins.
            self.modules.setdefault(fact.module, fact)
        import networkx as nx  # here, not at the top: a run whose result is cached builds no graph

        self.graph: nx.DiGraph = nx.DiGraph()
        for name in sorted(self.modules):
            fact = self.modules[name]
            self.graph.add_node(name, file=fact.file, lines=fact.lines)
        for name in sorted(self.modules):
            fact = self.modules[name]
            # A script runs with its own folder first on sys.path: `import helper` there
            # means the sibling file.
            sibling = fact.module.rpartition(".")[0] if self.layout.is_loose(fact.file) else ""
            for imp in fact.imports:
                for target in self._resolve(imp, sibling):
                    if target != name:
                        self._add_edge(name, target, imp)

    def _add_edge(self, source: str, target: str, imp: ImportFact) -> None:
        """One edge per pair, of the strongest kind seen (its first line of that kind)."""
        if self.graph.has_edge(source, target):
            prev = self.graph.edges[source, target]
            if KIND_WEIGHT.get(imp.kind, 0) <= KIND_WEIGHT.get(prev["kind"], 0):
                return
        self.graph.add_edge(source, target, line=imp.line, kind=imp.kind, text=imp.text)

    def _resolve(self, imp: ImportFact, sibling: str = "") -> list[str]:
        """Internal modules an import reaches: `from pkg import sub` reaches pkg.sub."""
        if sibling:
            local = ImportFact(f"{sibling}.{imp.target}", imp.names, imp.kind, imp.line, imp.text)
            inside = [t for t in self._resolve(local) if t.startswith(sibling + ".")]
            if inside:
                return inside
        found: list[str] = []
        for name in imp.names:
            if name != "*" and f"{imp.target}.{name}" in self.modules:
                found.append(f"{imp.target}.{name}")
        if found and all(f"{imp.target}.{n}" in self.modules for n in imp.names):
            return found
        target = imp.target
        while target:
            if target in self.modules:
                return [*found, target]
            target = target.rpartition(".")[0]
        return found

    def file_of(self, module: str) -> str:
        return self.modules[module].file

    def facts(self, key: str) -> dict[str, Any]:
        """{relpath: data} that the collector `key` gathered (empty if it did not run)."""
        return self.collected.get(key, {})

    def files_matching(self, *patterns: str) -> list[str]:
        """Other (non-Python) files whose name or path matches a glob, e.g. "Dockerfile*",
        "requirements*.txt", "**/templates/**/*.html"; sorted."""
        regex = _globs(patterns)
        return [rel for rel in self.other_files if regex.match(rel.rsplit("/", 1)[-1]) or regex.match(rel)]

    def read_text(self, relpath: str, limit: int = 2 * 1024 * 1024) -> str | None:
        """A repository file's text (UTF-8, undecodable bytes replaced); None if it cannot
        be read or is larger than `limit` bytes. Never runs anything."""
        if not self.root:
            return None
        path = Path(self.root) / relpath
        try:
            if path.stat().st_size > limit:
                return None
            return path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return None


@lru_cache(maxsize=256)
def _globs(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for several fnmatch globs (what `fnmatch` matches, compiled once)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or "(?!)")


# A runtime import outweighs a deferred one (inside a function), then a dynamic one
# (`importlib.import_module("literal")`), then one only under `if TYPE_CHECKING:`.
KIND_WEIGHT = {"runtime": 3, "deferred": 2, "dynamic": 1, "type-checking": 0}


# ---------------------------------------------------------------------------------------
# Module names as Python sees them


@dataclass(frozen=True)
class SourceLayout:
    """Where module names start in the repository.

    `roots`: directories on `sys.path` when the project is installed or run (`src/`, a
    `[tool.setuptools] package-dir = {"" = "lib"}`, `where = [...]`); `mapped`: a
    directory that is a named package (`package-dir = {"pkg.plugins" = "plugins"}`);
    `packages`: directories holding an `__init__.py`; `above`: the dotted package the
    audited directory itself sits in (auditing `src/shop` directly gives `shop.*`).
    Files outside all of them name their own package chain: the directory above the
    outermost `__init__.py` is a root (several top-level packages, `tests/` of Django).
    """

    roots: tuple[str, ...] = ()
    mapped: tuple[tuple[str, str], ...] = ()
    packages: frozenset[str] = frozenset()
    above: str = ""

    def module_name(self, relpath: str) -> tuple[str, bool]:
        """(dotted name, is_package) of a Python file; see `module_name_for`."""
        folder, _, name = relpath.rpartition("/")  # relpaths are plain: no "./", no "//"
        stem = _stem(name)
        is_package = stem == "__init__"
        prefix, rest = self._base(folder)
        names = [*prefix, *rest] if is_package else [*prefix, *rest, stem]
        return ".".join(n for n in names if n), is_package

    def _base(self, folder: str) -> tuple[list[str], list[str]]:
        """The package prefix of `folder` and its remaining path parts."""
        for directory, package in self.mapped:  # deepest first
            if _within(folder, directory):
                return package.split("."), _rest(folder, directory)
        for root in self.roots:  # deepest first
            if _within(folder, root):
                return [], _rest(folder, root)
        package = self._outermost_package(folder)
        if package is None:
            if folder == "" and self.above:
                return self.above.split("."), []
            # A loose file (a script, a test module beside no __init__): its whole path,
            # so that two scripts of the same name in two folders stay apart.
            return [], _rest(folder, "")
        if package == "":
            return (self.above.split(".") if self.above else []), _rest(folder, "")
        return [], _rest(folder, package.rpartition("/")[0])

    def _outermost_package(self, folder: str) -> str | None:
        """The highest folder holding an `__init__.py` among `folder` and its parents,
        or None. Folders without one below it are namespace packages inside it."""
        found: str | None = None
        current = folder
        while True:
            if current in self.packages:
                found = current
            if not current:
                return found
            current = current.rpartition("/")[0]

    def is_loose(self, relpath: str) -> bool:
        """True for a file in a folder that is neither a package nor a source root: Python
        runs it as a script, with its own folder first on `sys.path`."""
        folder = PurePosixPath(relpath).parent.as_posix()
        folder = "" if folder == "." else folder
        if self._outermost_package(folder) is not None or any(_within(folder, d) for d, _ in self.mapped):
            return False
        return not any(_within(folder, r) for r in self.roots) and not (folder == "" and self.above)


def _stem(name: str) -> str:
    return name[:-3] if name.endswith(".py") else name.rsplit(".", 1)[0]


def _within(folder: str, directory: str) -> bool:
    return directory == "" or folder == directory or folder.startswith(directory + "/")


def _rest(folder: str, directory: str) -> list[str]:
    if folder == directory:
        return []
    tail = folder[len(directory) + 1 :] if directory else folder
    return [p for p in tail.split("/") if p and p != "."]


_PROJECT_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


def detect_layout(python_files: Iterable[str], other_files: Iterable[str] = (), root: str = "") -> SourceLayout:
    """The repository's source roots, from its packaging metadata and its folders.

    Read statically: `[tool.setuptools] package-dir` and `packages.find.where`, Poetry's
    `packages = [{include, from}]`, Hatch's wheel `packages`, PDM's `package-dir`,
    setup.cfg's `package_dir`, a literal `package_dir=` in setup.py; then the `src/`
    (or `lib/`) convention: such a folder without `__init__.py` that holds packages or
    modules, at the top or beside a project file. `root` (a directory on disk) lets the
    layout see project files at the top and packages the audited folder sits in.
    """
    files = sorted(set(python_files))
    # Plain strings, not PurePosixPath: relpaths have no "./" or "//" (a tenth of a second
    # on Django, in a run whose whole result is cached).
    packages = frozenset(f.rpartition("/")[0] for f in files if f.rpartition("/")[2] == "__init__.py")
    bases = {""} | {f.rpartition("/")[0] for f in [*files, *other_files] if f.rpartition("/")[2] in _PROJECT_FILES}
    roots: set[str] = set()
    mapped: dict[str, str] = {}
    for base in sorted(bases):
        declared_roots, declared_mapped = _declared(root, base)
        roots |= declared_roots
        mapped.update(declared_mapped)
        for conventional in SOURCE_ROOTS:
            folder = f"{base}/{conventional}" if base else conventional
            if folder not in packages and any(f.startswith(folder + "/") for f in files) and folder not in mapped:
                roots.add(folder)
    return SourceLayout(
        roots=tuple(sorted(roots, key=lambda r: (-r.count("/"), -len(r), r))),
        mapped=tuple(sorted(mapped.items(), key=lambda m: (-m[0].count("/"), -len(m[0]), m[0]))),
        packages=packages,
        above=_package_above(root) if "" in packages else "",
    )


def _package_above(root: str) -> str:
    """`shop` when the audited folder is `.../src/shop` and holds an `__init__.py`."""
    if not root:
        return ""
    names: list[str] = []
    folder = Path(root)
    for _ in range(32):
        if not (folder / "__init__.py").is_file() or folder.parent == folder:
            break
        names.append(folder.name)
        folder = folder.parent
    return ".".join(reversed(names))


def _declared(root: str, base: str) -> tuple[set[str], dict[str, str]]:
    """Source roots and mapped package folders that one project's metadata declares."""
    roots: set[str] = set()
    mapped: dict[str, str] = {}

    def add(package: str, folder: str) -> None:
        folder = _join(base, folder)
        if folder is None:
            return
        if package:
            mapped[folder] = package
        else:
            roots.add(folder)

    if not root:
        return roots, mapped
    folder = Path(root) / base
    for package, directory in _pyproject_dirs(folder / "pyproject.toml"):
        add(package, directory)
    for package, directory in _setup_cfg_dirs(folder / "setup.cfg"):
        add(package, directory)
    for package, directory in _setup_py_dirs(folder / "setup.py"):
        add(package, directory)
    return roots, mapped


def _join(base: str, folder: str) -> str | None:
    """`base/folder` normalised; None when it leaves the repository or is the base."""
    parts: list[str] = [p for p in base.split("/") if p]
    for part in folder.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    joined = "/".join(parts)
    return joined if joined != base or folder.strip("./") else None


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > 1024 * 1024:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _pyproject_dirs(path: Path) -> list[tuple[str, str]]:
    import tomllib

    text = _read(path)
    if not text:
        return []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    out = _mapping_dirs(_table(data, "tool", "setuptools").get("package-dir"))
    where = _table(data, "tool", "setuptools", "packages", "find").get("where", [])
    out += [("", w) for w in where if isinstance(w, str)] if isinstance(where, list) else []
    poetry = _table(data, "tool", "poetry").get("packages", [])
    for entry in poetry if isinstance(poetry, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("from"), str):
            out.append(("", entry["from"]))
    hatch = _table(data, "tool", "hatch", "build", "targets", "wheel").get("packages", [])
    for package_path in hatch if isinstance(hatch, list) else []:
        if isinstance(package_path, str) and "/" in package_path.strip("/"):
            out.append(("", package_path.strip("/").rpartition("/")[0]))
    pdm_dir = _table(data, "tool", "pdm", "build").get("package-dir")
    if isinstance(pdm_dir, str):
        out.append(("", pdm_dir))
    return out


def _table(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """`data[k1][k2]...` when every level is a table, else {}."""
    for key in keys:
        value = data.get(key)
        if not isinstance(value, dict):
            return {}
        data = value
    return data


def _mapping_dirs(value: object) -> list[tuple[str, str]]:
    """setuptools' `package-dir` {package: folder}; "" is the root package."""
    if not isinstance(value, dict):
        return []
    return [(k, v) for k, v in value.items() if isinstance(k, str) and isinstance(v, str) and k != v]


def _setup_cfg_dirs(path: Path) -> list[tuple[str, str]]:
    import configparser

    text = _read(path)
    if "package_dir" not in text:
        return []
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
        raw = parser.get("options", "package_dir", fallback="")
    except configparser.Error:
        return []
    out: list[tuple[str, str]] = []
    for item in raw.replace("\n", ",").split(","):
        package, sep, folder = item.partition("=")
        if sep and folder.strip():
            out.append((package.strip(), folder.strip()))
    return [(p, f) for p, f in out if p != f]


def _setup_py_dirs(path: Path) -> list[tuple[str, str]]:
    """A literal `package_dir={...}` keyword in setup.py (never executed)."""
    import ast

    text = _read(path)
    if "package_dir" not in text:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "package_dir":
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            return _mapping_dirs(value)
    return []


def unique_module_names(layout: SourceLayout, python_files: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """{relpath: (module name, is_package)} for every file, with no name used twice: when
    two files claim one name (the same example app shipped twice), the later ones by path
    get their path's dotted name, so no file drops out of the graph. The shallower file
    keeps the name (`src/shop/app.py` over `examples/demo/shop/app.py`)."""
    out: dict[str, tuple[str, bool]] = {}
    taken: set[str] = set()
    for relpath in sorted(set(python_files), key=lambda p: (p.count("/"), p)):
        name, is_package = layout.module_name(relpath)
        if name in taken or not name:
            name, is_package = module_name_for(relpath, ())
            name = name or "__init__"
        taken.add(name)
        out[relpath] = (name, is_package)
    return out
