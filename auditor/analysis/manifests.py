"""Dependency manifests of the audited repository, read statically (nothing is run).

Declarations: requirements files (with `-r`/`-c` includes, markers, hashes, extras,
editable and URL lines), `pyproject.toml` (`[project]`, `[dependency-groups]`, Poetry and
PDM tables), `setup.cfg`, `setup.py` (literal `setup(...)` arguments via `ast`), `Pipfile`.
Locked versions: `Pipfile.lock`, `poetry.lock`, `uv.lock`, `pdm.lock`, compiled
requirements (pip-compile) and constraints files. Each entry keeps its file and line.

`manifests(project)` reads them once per run (cached in `project.cache`); the
dependency rules share the result. A manifest that cannot be parsed becomes an entry of
`Manifests.errors` and its directory counts as unreadable (rules then stay silent there).
"""

from __future__ import annotations

import ast
import configparser
import json
import posixpath
import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from auditor.analysis.package_data import IMPORT_NAMES, NAMESPACES
from auditor.rule import Collector

if TYPE_CHECKING:
    from auditor.project import ProjectIndex
    from auditor.rule import FileContext
    from auditor.source import SourceFile

RUNTIME, OPTIONAL, DEV, BUILD = "runtime", "optional", "dev", "build"

REQUIREMENTS_GLOBS = ("requirements*.txt", "requirements*.in", "*requirements/*.txt", "*requirements/*.in")
LOCK_NAMES = ("poetry.lock", "uv.lock", "pdm.lock", "Pipfile.lock")
OTHER_NAMES = ("pyproject.toml", "setup.cfg", "Pipfile")
DEV_WORDS = re.compile(r"(?:^|[-_./])(dev|develop|development|test|tests|testing|lint|linting|docs?|ci|tox|typing|mypy|bench|benchmarks?|qa|check|style|format|local|tools?)(?:$|[-_./])", re.I)
SERVICE_FILES = ("manage.py", "Dockerfile", "Procfile", "docker-compose.yml", "docker-compose.yaml", "compose.yaml", "compose.yml", "app.yaml", "fly.toml", "serverless.yml", "wsgi.py", "asgi.py")


@dataclass(frozen=True)
class Declared:
    """One declared requirement."""

    name: str  # canonical
    raw_name: str
    specifier: str  # "" when any version goes
    marker: str
    extras: tuple[str, ...]
    file: str
    line: int
    text: str  # the line as written, for snippets
    group: str  # runtime | optional | dev | build
    group_name: str = ""  # the extra or group it belongs to
    url: str = ""  # direct reference, VCS or editable path
    hashes: bool = False

    @property
    def pinned_version(self) -> str | None:
        """The one version an exact `==`/`===` pin allows (no wildcard), else None."""
        return exact_version(self.specifier)


@dataclass(frozen=True)
class Locked:
    """A version fixed by a lock file, a compiled requirements file or a constraint."""

    name: str
    version: str
    file: str
    line: int
    text: str


@dataclass
class Manifests:
    """Everything the repository declares and locks."""

    declared: list[Declared] = field(default_factory=list)
    locked: list[Locked] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # manifest files read
    lock_files: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    # Directories holding a library's metadata: dir -> distribution name.
    libraries: dict[str, str] = field(default_factory=dict)
    # Modules named by entry points (`[project.scripts]` and the like): what runs.
    entry_points: set[str] = field(default_factory=set)
    # Directories whose dependencies are partly unknown (a manifest failed to parse,
    # `dynamic = ["dependencies"]` with no readable source).
    incomplete: set[str] = field(default_factory=set)

    def dirs(self) -> list[str]:
        """Every directory that holds a manifest ("" is the root), sorted."""
        return sorted({manifest_dir(f) for f in self.files})

    def scopes_of(self, relpath: str) -> list[str]:
        """Manifest directories whose declarations apply to the file `relpath`: its own
        folder's and every folder above it that has manifests."""
        folder = posixpath.dirname(relpath)
        return [d for d in self.dirs() if _is_within(folder, d)]

    def declared_in(self, directory: str) -> list[Declared]:
        return [d for d in self.declared if manifest_dir(d.file) == directory]

    def has_lock(self, directory: str) -> bool:
        """A lock file (or compiled requirements) in `directory` or above."""
        return any(_is_within(directory, manifest_dir(f)) for f in self.lock_files)

    def is_library(self, directory: str, project: ProjectIndex | None = None) -> bool:
        return repository_kind_of(self, directory, project) == "library"


def _is_within(path: str, directory: str) -> bool:
    return directory == "" or path == directory or path.startswith(directory + "/")


def manifest_dir(relpath: str) -> str:
    """The directory a manifest speaks for: `requirements/base.txt` speaks for `.`."""
    parent = posixpath.dirname(relpath)
    if posixpath.basename(parent) in ("requirements", "reqs"):
        parent = posixpath.dirname(parent)
    return parent


def exact_version(specifier: str) -> str | None:
    spec = specifier.strip()
    if "," in spec:
        return None
    m = re.fullmatch(r"(===?)\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)", spec)
    if not m or m.group(2).endswith((".*", "*")):
        return None
    return m.group(2)


# ------------------------------------------------------------------ entry point


def manifests(project: ProjectIndex) -> Manifests:
    """The repository's manifests, parsed once per run."""
    cached = project.cache.get("manifests")
    if cached is None:
        cached = _read_all(project)
        project.cache["manifests"] = cached
    return cached


def _read_all(project: ProjectIndex) -> Manifests:
    out = Manifests()
    req_files = project.files_matching(*REQUIREMENTS_GLOBS)
    reader = _RequirementsReader(project, out)
    for rel in req_files:
        reader.read(rel)
    for rel in project.files_matching(*OTHER_NAMES, *LOCK_NAMES):
        name = posixpath.basename(rel)
        text = project.read_text(rel)
        if text is None:
            _error(out, rel, "cannot read the file")
            continue
        try:
            _READERS[name](rel, text, out)
        except _ManifestError as exc:
            _error(out, rel, str(exc))
        except tomllib.TOMLDecodeError as exc:
            _error(out, rel, f"invalid TOML: {exc}")
    for relpath in sorted(m.file for m in project.modules.values() if posixpath.basename(m.file) == "setup.py"):
        text = project.read_text(relpath)
        if text is not None:
            _read_setup_py(relpath, text, out)
    out.files = sorted(set(out.files))
    out.lock_files = sorted(set(out.lock_files))
    out.declared.sort(key=lambda d: (d.file, d.line, d.name))
    out.locked.sort(key=lambda d: (d.file, d.line, d.name))
    return out


class _ManifestError(Exception):
    """A manifest that cannot be read as its format says."""


def _error(out: Manifests, rel: str, message: str) -> None:
    out.errors.append((rel, message))
    out.incomplete.add(manifest_dir(rel))
    out.files.append(rel)


def _line_of(lines: list[str], needle: str, start: int = 0) -> int:
    """1-based line of the first line from `start` (0-based) that contains `needle`."""
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    for i in range(0, min(start, len(lines))):
        if needle in lines[i]:
            return i + 1
    return 1


def _header_index(lines: list[str], header: str) -> int:
    """0-based index of a `[table]` header line, 0 if absent."""
    pattern = re.compile(r"^\s*\[\s*" + re.escape(header).replace(r"\.", r"\s*\.\s*") + r"\s*\]")
    for i, line in enumerate(lines):
        if pattern.match(line):
            return i
    return 0


def parse_requirement(text: str) -> Requirement | None:
    try:
        return Requirement(text)
    except InvalidRequirement:
        return None


def _declared(
    req: Requirement, rel: str, line: int, text: str, group: str, group_name: str = "", hashes: bool = False, url: str = ""
) -> Declared:
    return Declared(
        name=canonicalize_name(req.name),
        raw_name=req.name,
        specifier=str(req.specifier),
        marker=str(req.marker) if req.marker else "",
        extras=tuple(sorted(req.extras)),
        file=rel,
        line=line,
        text=text.strip(),
        group=group,
        group_name=group_name,
        url=url or (req.url or ""),
        hashes=hashes,
    )


# ------------------------------------------------------------------ requirements files

_OPTION_WITH_VALUE = re.compile(
    r"^(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--no-binary|--only-binary|--use-feature|--config-settings|--global-option|--pre|--prefer-binary|--require-hashes|--no-index)\b"
)
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)\s*=?\s*(\S+)")
_EDITABLE = re.compile(r"^(-e|--editable)\s*=?\s*(\S+)")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_COMMENT = re.compile(r"(^|\s+)#.*$")
_HASH = re.compile(r"\s--hash[=\s]\S+")


class _RequirementsReader:
    """requirements*.txt / *.in with includes: each file once, includes relative to the
    including file, cycles guarded by the set of files read."""

    def __init__(self, project: ProjectIndex, out: Manifests) -> None:
        self.project = project
        self.out = out
        self.done: set[str] = set()
        self.compiled_in: set[str] = {f[:-3] for f in project.files_matching("*.in")}

    def read(self, rel: str, constraint: bool = False) -> None:
        if rel in self.done:
            return
        self.done.add(rel)
        text = self.project.read_text(rel)
        if text is None:
            _error(self.out, rel, "cannot read the file")
            return
        self.out.files.append(rel)
        locked = constraint or self._is_compiled(rel, text)
        if locked:
            self.out.lock_files.append(rel)
        group = DEV if DEV_WORDS.search(rel.rsplit(".", 1)[0]) else RUNTIME
        for number, line in _logical_lines(text):
            self._line(rel, number, line, group, locked)

    def _is_compiled(self, rel: str, text: str) -> bool:
        if rel.endswith(".txt") and rel[:-4] in self.compiled_in:
            return True  # requirements.in beside it: this is what pip-compile made of it
        head = text[:800].lower()
        return "autogenerated by pip-compile" in head or "uv pip compile" in head

    def _line(self, rel: str, number: int, line: str, group: str, locked: bool) -> None:
        stripped = _COMMENT.sub("", line).strip()
        if not stripped:
            return
        include = _INCLUDE.match(stripped)
        if include:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), include.group(2)))
            if target.startswith("../") or target == "..":
                return  # outside the audited tree
            if target not in self.project.other_files:
                _error(self.out, rel, f"line {number}: included file {include.group(2)} not found")
                return
            self.read(target, constraint=include.group(1) in ("-c", "--constraint"))
            return
        if _OPTION_WITH_VALUE.match(stripped):
            return
        editable = _EDITABLE.match(stripped)
        if editable:
            self._url_line(rel, number, line, editable.group(2), group)
            return
        hashes = bool(_HASH.search(" " + stripped))
        body = _HASH.sub("", " " + stripped).strip()
        if body.startswith("-"):
            return  # a pip option we do not need
        req = parse_requirement(body)
        if req is None:
            self._url_line(rel, number, line, body, group)
            return
        if locked:
            version = exact_version(str(req.specifier))
            if version:
                self.out.locked.append(Locked(canonicalize_name(req.name), version, rel, number, line.strip()))
            return
        self.out.declared.append(_declared(req, rel, number, line, group, hashes=hashes))

    def _url_line(self, rel: str, number: int, line: str, target: str, group: str) -> None:
        """`-e ./pkg`, `git+https://...#egg=name`, `./wheel.whl`: the name if it says one."""
        egg = _EGG.search(target)
        if egg:
            req = parse_requirement(egg.group(1))
            if req is not None:
                self.out.declared.append(_declared(req, rel, number, line, group, url=target))
            return
        if "://" in target or target.startswith((".", "/", "file:")) or target.endswith((".whl", ".zip", ".tar.gz")):
            return  # a local path or an unnamed URL: first-party or unknowable
        _error(self.out, rel, f"line {number}: not a requirement: {target[:80]}")


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """(first physical line number, joined text) with backslash continuations joined."""
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not buffer:
            start = number
        if raw.rstrip().endswith("\\") and not _COMMENT.sub("", raw).strip() == "":
            buffer.append(raw.rstrip()[:-1])
            continue
        buffer.append(raw)
        yield start, " ".join(buffer)
        buffer = []
    if buffer:
        yield start, " ".join(buffer)


# ------------------------------------------------------------------ pyproject.toml


def _read_pyproject(rel: str, text: str, out: Manifests) -> None:
    data = tomllib.loads(text)
    lines = text.splitlines()
    out.files.append(rel)
    directory = manifest_dir(rel)
    project = data.get("project")
    if isinstance(project, dict):
        _read_pep621(rel, lines, project, out)
        out.entry_points.update(_entry_modules(project))
        if isinstance(project.get("name"), str) and _is_installable(data):
            out.libraries.setdefault(directory, project["name"])
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group_name, items in groups.items():
            _pep508_list(rel, lines, items, DEV, str(group_name), out, "dependency-groups")
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    poetry = tool.get("poetry")
    if isinstance(poetry, dict):
        _read_poetry(rel, lines, poetry, out)
    pdm = tool.get("pdm")
    if isinstance(pdm, dict) and isinstance(pdm.get("dev-dependencies"), dict):
        for group_name, items in pdm["dev-dependencies"].items():
            _pep508_list(rel, lines, items, DEV, str(group_name), out, "tool.pdm.dev-dependencies")


def _entry_modules(project: dict[str, Any]) -> set[str]:
    """`auditor.cli` of `audit = "auditor.cli:main"` in scripts, gui-scripts, entry-points."""
    tables = [project.get("scripts"), project.get("gui-scripts")]
    groups = project.get("entry-points")
    if isinstance(groups, dict):
        tables.extend(groups.values())
    return {
        value.split(":")[0].strip()
        for table in tables
        if isinstance(table, dict)
        for value in table.values()
        if isinstance(value, str) and value.strip()
    }


def _is_installable(data: dict[str, Any]) -> bool:
    """A `[project]` that a build backend would turn into a distribution."""
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    if isinstance(tool.get("uv"), dict) and tool["uv"].get("package") is False:
        return False
    if isinstance(tool.get("pdm"), dict) and tool["pdm"].get("distribution") is False:
        return False
    return "build-system" in data or "scripts" in data.get("project", {})


def _read_pep621(rel: str, lines: list[str], project: dict[str, Any], out: Manifests) -> None:
    deps = project.get("dependencies")
    if deps is not None:
        _pep508_list(rel, lines, deps, RUNTIME, "", out, "project")
    elif "dependencies" in (project.get("dynamic") or []):
        # Read from elsewhere (setuptools' `dynamic` table, usually a requirements file we
        # read anyway); what is declared may be incomplete if that file is not here.
        if not any(manifest_dir(f) == manifest_dir(rel) for f in out.files if "requirements" in f):
            out.incomplete.add(manifest_dir(rel))
    optional = project.get("optional-dependencies")
    if isinstance(optional, dict):
        for extra, items in optional.items():
            group = DEV if DEV_WORDS.search(str(extra)) else OPTIONAL
            _pep508_list(rel, lines, items, group, str(extra), out, "project.optional-dependencies")


def _pep508_list(
    rel: str, lines: list[str], items: Any, group: str, group_name: str, out: Manifests, table: str
) -> None:
    key = {"project": "project.dependencies"}.get(table, f"{table}.{group_name}")
    if not isinstance(items, list):
        raise _ManifestError(f"`{key}` must be a list of requirement strings")
    start = _header_index(lines, table)
    for item in items:
        if isinstance(item, dict):
            continue  # {include-group = "..."}
        if not isinstance(item, str):
            raise _ManifestError(f"`{key}`: {item!r} is not a requirement string")
        req = parse_requirement(item)
        if req is None:
            raise _ManifestError(f"`{key}`: invalid requirement {item!r}")
        line = _line_of(lines, item, start)
        out.declared.append(_declared(req, rel, line, lines[line - 1] if lines else item, group, group_name))


def _read_poetry(rel: str, lines: list[str], poetry: dict[str, Any], out: Manifests) -> None:
    if isinstance(poetry.get("name"), str) and poetry.get("package-mode", True) is not False:
        out.libraries.setdefault(manifest_dir(rel), poetry["name"])
    extras_of: dict[str, str] = {}
    for extra, names in (poetry.get("extras") or {}).items():
        for n in names if isinstance(names, list) else []:
            extras_of[canonicalize_name(str(n))] = str(extra)
    tables: list[tuple[str, Any, str, str]] = [("tool.poetry.dependencies", poetry.get("dependencies"), RUNTIME, "")]
    tables.append(("tool.poetry.dev-dependencies", poetry.get("dev-dependencies"), DEV, "dev"))
    for group_name, group in (poetry.get("group") or {}).items():
        if isinstance(group, dict):
            tables.append((f"tool.poetry.group.{group_name}.dependencies", group.get("dependencies"), DEV, str(group_name)))
    for table, deps, group, group_name in tables:
        if deps is None:
            continue
        if not isinstance(deps, dict):
            raise _ManifestError(f"`{table}` must be a table")
        start = _header_index(lines, table)
        for name, spec in deps.items():
            if canonicalize_name(name) == "python":
                continue
            line = _key_line(lines, name, start)
            decl = _poetry_declared(rel, name, spec, line, lines[line - 1] if lines else name, group, group_name)
            if decl.group == RUNTIME and decl.name in extras_of:
                decl = _replace_group(decl, OPTIONAL, extras_of[decl.name])
            out.declared.append(decl)


def _key_line(lines: list[str], key: str, start: int) -> int:
    pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for i in range(start, len(lines)):
        if pattern.match(lines[i]):
            return i + 1
    return start + 1


def _replace_group(decl: Declared, group: str, group_name: str) -> Declared:
    from dataclasses import replace

    return replace(decl, group=group, group_name=group_name)


def _poetry_declared(rel: str, name: str, spec: Any, line: int, text: str, group: str, group_name: str) -> Declared:
    url = ""
    marker = ""
    extras: tuple[str, ...] = ()
    if isinstance(spec, list):  # multiple constraints: the first decides for our purposes
        spec = spec[0] if spec else "*"
    if isinstance(spec, dict):
        url = str(spec.get("git") or spec.get("path") or spec.get("url") or "")
        marker = str(spec.get("markers") or "")
        extras = tuple(sorted(str(e) for e in spec.get("extras") or ()))
        if spec.get("optional") and group == RUNTIME:
            group, group_name = OPTIONAL, group_name or "optional"
        spec = spec.get("version", "*" if not url else "")
    if not isinstance(spec, str):
        raise _ManifestError(f"`{name}`: unreadable version constraint {spec!r}")
    return Declared(
        name=canonicalize_name(name),
        raw_name=name,
        specifier=poetry_specifier(spec),
        marker=marker,
        extras=extras,
        file=rel,
        line=line,
        text=text.strip(),
        group=group,
        group_name=group_name,
        url=url,
    )


def poetry_specifier(spec: str) -> str:
    """Poetry's `^1.2`, `~1.2`, `1.2.3`, `*`, `>=1,<2` as a PEP 440 specifier string."""
    parts = []
    for raw in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", spec.strip()):
        if not raw or raw == "*":
            continue
        if raw.startswith("^"):
            parts.extend(_caret(raw[1:].strip()))
        elif raw.startswith("~") and not raw.startswith("~="):
            parts.extend(_tilde(raw[1:].strip()))
        elif raw[0].isdigit():
            parts.append(("==" + raw) if "*" not in raw else f"=={raw}")
        else:
            parts.append(raw.replace(" ", ""))
    return ",".join(parts)


def _caret(version: str) -> list[str]:
    nums = [int(p) if p.isdigit() else 0 for p in version.split(".")[:3]]
    while len(nums) < len(version.split(".")[:3]):
        nums.append(0)
    for i, n in enumerate(nums):
        if n != 0 or i == len(nums) - 1:
            upper = nums[:i] + [n + 1]
            break
    return [f">={version}", "<" + ".".join(str(n) for n in upper)]


def _tilde(version: str) -> list[str]:
    nums = [int(p) if p.isdigit() else 0 for p in version.split(".")[:3]]
    upper = [nums[0] + 1] if len(nums) == 1 else [nums[0], nums[1] + 1]
    return [f">={version}", "<" + ".".join(str(n) for n in upper)]


# ------------------------------------------------------------------ setup.cfg, setup.py


def _cfg_get(parser: configparser.ConfigParser, section: str, option: str) -> str:
    """An option's value, interpolated as setuptools reads it; raw where a `%` is not a
    valid interpolation (setuptools would fail there; we read on)."""
    try:
        return parser.get(section, option)
    except configparser.Error:
        return parser.get(section, option, raw=True)


def _cfg_items(parser: configparser.ConfigParser, section: str) -> list[tuple[str, str]]:
    return [(option, _cfg_get(parser, section, option)) for option in parser.options(section)]


def _read_setup_cfg(rel: str, text: str, out: Manifests) -> None:
    # setuptools reads setup.cfg with interpolation: `%(asyncio)s` in an extra means
    # another extra's requirements (SQLAlchemy does this).
    parser = configparser.ConfigParser(strict=False)
    try:
        parser.read_string(text, source=rel)
    except configparser.Error as exc:
        raise _ManifestError(f"invalid setup.cfg: {' '.join(str(exc).split())}") from None
    lines = text.splitlines()
    out.files.append(rel)
    if parser.has_option("metadata", "name"):
        out.libraries.setdefault(manifest_dir(rel), _cfg_get(parser, "metadata", "name").strip())
    if parser.has_option("options", "install_requires"):
        start = _header_index(lines, "options")
        _cfg_list(rel, lines, _cfg_get(parser, "options", "install_requires"), RUNTIME, "", start, out)
    if parser.has_section("options.extras_require"):
        start = _header_index(lines, "options.extras_require")
        for extra, value in _cfg_items(parser, "options.extras_require"):
            group = DEV if DEV_WORDS.search(extra) else OPTIONAL
            _cfg_list(rel, lines, value, group, extra, start, out)
    if parser.has_option("options", "tests_require"):
        _cfg_list(rel, lines, _cfg_get(parser, "options", "tests_require"), DEV, "tests", 0, out)


def _cfg_list(rel: str, lines: list[str], value: str, group: str, group_name: str, start: int, out: Manifests) -> None:
    for item in value.splitlines():
        item = _COMMENT.sub("", item).strip()
        if not item:
            continue
        if item.startswith("file:"):
            out.incomplete.add(manifest_dir(rel))
            continue
        req = parse_requirement(item)
        if req is None:
            raise _ManifestError(f"invalid requirement {item!r}")
        line = _line_of(lines, item, start)
        out.declared.append(_declared(req, rel, line, lines[line - 1], group, group_name))


def _read_setup_py(rel: str, text: str, out: Manifests) -> None:
    """Literal arguments of the `setup(...)` call, never executed. Names bound at module
    level to literal lists or dicts are resolved; anything computed is skipped (and the
    directory's declarations are then marked incomplete)."""
    try:
        tree = ast.parse(text, filename=rel)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return  # the engine reports the parse error of the Python file
    call = _setup_call(tree)
    if call is None:
        return
    out.files.append(rel)
    lines = text.splitlines()
    names = _literal_bindings(tree)
    directory = manifest_dir(rel)
    for kw in call.keywords:
        if kw.arg is None:
            out.incomplete.add(directory)
            continue
        value = _literal(kw.value, names)
        if kw.arg == "name":  # a computed name (requests reads it from __version__.py) still names one
            out.libraries.setdefault(directory, value if isinstance(value, str) else posixpath.basename(directory) or "?")
        elif kw.arg in ("install_requires", "tests_require"):
            group = RUNTIME if kw.arg == "install_requires" else DEV
            _setup_list(rel, lines, value, kw.value, group, "", out)
        elif kw.arg == "extras_require":
            if not isinstance(value, dict):
                out.incomplete.add(directory)
                continue
            for extra, items in value.items():
                group = DEV if DEV_WORDS.search(str(extra)) else OPTIONAL
                _setup_list(rel, lines, items, kw.value, group, str(extra), out)


def _setup_list(rel: str, lines: list[str], value: Any, node: ast.expr, group: str, name: str, out: Manifests) -> None:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, (list, tuple)):
        out.incomplete.add(manifest_dir(rel))
        return
    for item in value:
        req = parse_requirement(item) if isinstance(item, str) else None
        if req is None:
            out.incomplete.add(manifest_dir(rel))
            continue
        line = _line_of(lines, item, max(0, node.lineno - 1)) if item else node.lineno
        out.declared.append(_declared(req, rel, line, lines[line - 1] if lines else item, group, name))


def _setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "setup":
                return node
    return None


def _literal_bindings(tree: ast.Module) -> dict[str, ast.expr]:
    names: dict[str, ast.expr] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            names[stmt.targets[0].id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            names[stmt.target.id] = stmt.value
    return names


_UNKNOWN = object()


def _literal(node: ast.expr, names: dict[str, ast.expr], depth: int = 0) -> Any:
    """The value of a literal expression; names bound to literals are followed; list
    concatenation with `+` is evaluated. Anything else is `_UNKNOWN`."""
    if depth > 20:
        return _UNKNOWN
    if isinstance(node, ast.Name) and node.id in names:
        return _literal(names[node.id], names, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left, names, depth + 1), _literal(node.right, names, depth + 1)
        if isinstance(left, list) and isinstance(right, list):
            return left + right
        return _UNKNOWN
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal(e, names, depth + 1) for e in node.elts]
    if isinstance(node, ast.Dict):
        keys = [_literal(k, names, depth + 1) if k is not None else _UNKNOWN for k in node.keys]
        if any(not isinstance(k, str) for k in keys):
            return _UNKNOWN
        return {k: _literal(v, names, depth + 1) for k, v in zip(keys, node.values)}
    if isinstance(node, ast.Constant):
        return node.value
    return _UNKNOWN


# ------------------------------------------------------------------ Pipfile and lock files


def _read_pipfile(rel: str, text: str, out: Manifests) -> None:
    data = tomllib.loads(text)
    lines = text.splitlines()
    out.files.append(rel)
    for table, group in (("packages", RUNTIME), ("dev-packages", DEV)):
        deps = data.get(table) or {}
        if not isinstance(deps, dict):
            raise _ManifestError(f"`[{table}]` must be a table")
        start = _header_index(lines, table)
        for name, spec in deps.items():
            line = _key_line(lines, name, start)
            text_line = lines[line - 1] if lines else name
            url, marker, extras = "", "", ()
            if isinstance(spec, dict):
                url = str(spec.get("git") or spec.get("path") or spec.get("file") or "")
                marker = str(spec.get("markers") or "")
                extras = tuple(sorted(str(e) for e in spec.get("extras") or ()))
                spec = spec.get("version", "*")
            if not isinstance(spec, str):
                raise _ManifestError(f"`{name}`: unreadable version {spec!r}")
            out.declared.append(
                Declared(canonicalize_name(name), name, "" if spec.strip() == "*" else spec.replace(" ", ""),
                         marker, extras, rel, line, text_line.strip(), group, "" if group == RUNTIME else "dev", url)
            )


def _read_pipfile_lock(rel: str, text: str, out: Manifests) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _ManifestError(f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _ManifestError("expected a JSON object")
    lines = text.splitlines()
    out.files.append(rel)
    out.lock_files.append(rel)
    for section in ("default", "develop"):
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            raise _ManifestError(f"`{section}` must be an object")
        start = _line_of(lines, f'"{section}"') - 1
        for name, info in entries.items():
            version = exact_version(str(info.get("version", ""))) if isinstance(info, dict) else None
            if version:
                line = _line_of(lines, f'"{name}": {{', start)
                out.locked.append(Locked(canonicalize_name(name), version, rel, line, f"{name}=={version}"))


_LOCK_NAME = re.compile(r'^\s*name\s*=\s*"([^"]+)"')
_LOCK_VERSION = re.compile(r'^\s*version\s*=\s*"([^"]+)"')


def _read_toml_lock(rel: str, text: str, out: Manifests) -> None:
    """poetry.lock, uv.lock, pdm.lock: `[[package]]` tables with name and version."""
    data = tomllib.loads(text)
    packages = data.get("package", [])
    if not isinstance(packages, list):
        raise _ManifestError("`package` must be an array of tables")
    out.files.append(rel)
    out.lock_files.append(rel)
    lines_of = _package_lines(text)
    for pkg in packages:
        if not isinstance(pkg, dict) or not isinstance(pkg.get("name"), str) or not isinstance(pkg.get("version"), str):
            continue
        source = pkg.get("source")
        if isinstance(source, dict) and ({"editable", "virtual", "directory", "path"} & set(source)):
            continue  # the project itself or a local path
        name = canonicalize_name(pkg["name"])
        line = lines_of.get((name, pkg["version"]), 1)
        out.locked.append(Locked(name, pkg["version"], rel, line, f'{pkg["name"]} {pkg["version"]}'))


def _package_lines(text: str) -> dict[tuple[str, str], int]:
    """(canonical name, version) -> line of `name = ...` inside each `[[package]]`."""
    found: dict[tuple[str, str], int] = {}
    name, name_line, in_package = "", 0, False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("["):
            in_package = line.strip() == "[[package]]"
            name = ""
            continue
        if not in_package:
            continue
        m = _LOCK_NAME.match(line)
        if m and not name:
            name, name_line = canonicalize_name(m.group(1)), number
            continue
        m = _LOCK_VERSION.match(line)
        if m and name:
            found.setdefault((name, m.group(1)), name_line)
    return found


_READERS = {
    "pyproject.toml": _read_pyproject,
    "setup.cfg": _read_setup_cfg,
    "Pipfile": _read_pipfile,
    "Pipfile.lock": _read_pipfile_lock,
    "poetry.lock": _read_toml_lock,
    "uv.lock": _read_toml_lock,
    "pdm.lock": _read_toml_lock,
}


# ------------------------------------------------------------------ application or library


def repository_kind_of(found: Manifests, directory: str, project: ProjectIndex | None = None) -> str:
    """"library" or "application" for the project whose manifests are in `directory`.

    Uses `auditor.analysis.service.repository_kind` when it exists (for the root); else a
    library is a directory with a named, installable distribution (`[project]` with a
    build system, Poetry in package mode, setup.py/setup.cfg with a name) and no sign of a
    deployed service (manage.py, Dockerfile, Procfile, wsgi.py, ...).
    """
    if project is not None and directory == "":
        kind = _service_kind(project)
        if kind in ("library", "application"):
            return kind
    if directory not in found.libraries:
        return "application"
    if project is not None:
        prefix = f"{directory}/" if directory else ""
        present = set(project.other_files) | {m.file for m in project.modules.values()}
        if any(prefix + name in present for name in SERVICE_FILES):
            return "application"
    return "library"


def _service_kind(project: ProjectIndex) -> str | None:
    try:
        from auditor.analysis import service  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(service, "repository_kind", None)
    if fn is None:
        return None
    try:
        kind = fn(project)
    except Exception:  # another analysis' bug must not stop the dependency rules
        return None
    value = getattr(kind, "kind", kind)
    if value == "library":
        return "library"
    return "application" if value in ("service", "application") else None


# ------------------------------------------------------------------ import names


@lru_cache(maxsize=1)
def _environment_map() -> dict[str, tuple[str, ...]]:
    """Import name -> distributions, from the auditor's own environment (never the
    audited code's): fills the gaps of the maintained table."""
    from importlib.metadata import packages_distributions

    try:
        return {k: tuple(canonicalize_name(d) for d in v) for k, v in packages_distributions().items()}
    except Exception:  # broken metadata in the environment: the table alone will do
        return {}


def environment_names() -> frozenset[str]:
    """Canonical names of the distributions installed beside the auditor."""
    return frozenset(d for dists in _environment_map().values() for d in dists)


@lru_cache(maxsize=4096)
def import_prefixes(dist: str) -> tuple[str, ...]:
    """Dotted import names a distribution provides (maintained table, then the installed
    environment's metadata, then the name itself with `-` as `_`)."""
    dist = canonicalize_name(dist)
    if dist in IMPORT_NAMES:
        return IMPORT_NAMES[dist]
    from_env = tuple(sorted(k for k, v in _environment_map().items() if dist in v))
    guess = dist.replace("-", "_")
    names = {guess, *from_env}
    if guess.startswith("python_"):
        names.add(guess[len("python_"):])
    if guess.startswith("py") and len(guess) > 4:
        names.add(guess[2:])
    if guess.endswith("_python"):
        names.add(guess[: -len("_python")])
    return tuple(sorted(names))


def distributions_for(import_name: str) -> tuple[str, ...]:
    """Likely distributions for a top-level (or namespace.sub) import name."""
    found = [d for d, prefixes in IMPORT_NAMES.items() if any(_covers(p, import_name) for p in prefixes)]
    top = import_name.split(".")[0]
    found.extend(_environment_map().get(top, ()))
    if not found:
        found.append(canonicalize_name(import_name.replace(".", "-")))
    return tuple(dict.fromkeys(found))


def _covers(prefix: str, name: str) -> bool:
    return name == prefix or name.startswith(prefix + ".") or prefix.startswith(name + ".")


def import_key(target: str) -> str:
    """How an import is named in findings: its top-level name, two parts for namespaces."""
    parts = target.split(".")
    if parts[0] in NAMESPACES and len(parts) > 1:
        return ".".join(parts[:2])
    return parts[0]


def provides(prefixes: Iterable[str], target: str) -> bool:
    """Whether an import of `target` is satisfied by a distribution with `prefixes`."""
    return any(target == p or target.startswith(p + ".") or (p.startswith(target + ".") and target.split(".")[0] not in NAMESPACES) for p in prefixes)


STDLIB: frozenset[str] = frozenset(sys.stdlib_module_names) | {"__future__", "__main__", "_typeshed"}


# ------------------------------------------------------------------ imports of the code


@dataclass(frozen=True)
class ImportUse:
    """One import of a module that is neither standard library nor first-party."""

    file: str
    line: int
    text: str
    target: str  # absolute dotted name
    names: tuple[str, ...]  # `from target import names`
    kind: str  # runtime | deferred | dynamic | type-checking
    is_test: bool
    guarded: bool  # inside try/except ImportError or a version/platform check

    @property
    def candidates(self) -> tuple[str, ...]:
        """The dotted names this import may reach: `from google.cloud import storage`
        reaches google.cloud.storage."""
        return (self.target, *(f"{self.target}.{n}" for n in self.names if n != "*"))


def third_party_imports(project: ProjectIndex) -> list[ImportUse]:
    """Every import of a third-party module in the repository, computed once per run."""
    cached = project.cache.get("third-party-imports")
    if cached is not None:
        return cached
    tops = {name.split(".")[0] for name in project.modules}
    test_parts = {part for m in project.modules.values() if m.is_test for part in m.module.split(".")}
    layout = getattr(project, "layout", None)
    guarded = project.facts(GuardedImports.key)
    by_folder = _names_by_folder(project)
    out: list[ImportUse] = []
    for fact in sorted(project.modules.values(), key=lambda m: m.file):
        loose = layout is not None and layout.is_loose(fact.file)
        siblings = by_folder.get(posixpath.dirname(fact.file), set()) if loose else set()
        lines = set(guarded.get(fact.file) or ())
        for imp in fact.imports:
            top = imp.target.split(".")[0]
            if not top or top in STDLIB or top in tops or top in siblings:
                continue
            if fact.is_test and top in test_parts:
                continue  # test scaffolding put on sys.path by conftest or a runner
            out.append(
                ImportUse(fact.file, imp.line, imp.text, imp.target, imp.names, imp.kind, fact.is_test, imp.line in lines)
            )
    project.cache["third-party-imports"] = out
    return out


def _names_by_folder(project: ProjectIndex) -> dict[str, set[str]]:
    """Folder -> module names a script in it can import from there (first on sys.path)."""
    out: dict[str, set[str]] = {}
    for m in project.modules.values():
        parent, base = posixpath.split(m.file)
        if base == "__init__.py":
            grand, package = posixpath.split(parent)
            out.setdefault(grand, set()).add(package)
        else:
            out.setdefault(parent, set()).add(base.rsplit(".", 1)[0])
    return out


# ------------------------------------------------------------------ guarded imports


class GuardedImports(Collector):
    """Lines of imports that may fail on purpose: inside `try:` with an `except` for
    ImportError / ModuleNotFoundError / Exception (or bare), or under a version or
    platform check. They are optional, not missing dependencies."""

    key = "dep-guarded-imports"

    def collect(self, source: SourceFile, context: FileContext) -> Any:
        lines: set[int] = set()
        _guarded_in(source.ast.body, False, lines)
        return tuple(sorted(lines)) or None


_ENVIRONMENT_NAMES = frozenset({"version_info", "platform", "PY2", "PY3", "PYPY", "IS_PYPY", "WINDOWS", "IS_WINDOWS"})


def _guarded_in(body: list[ast.stmt], guarded: bool, lines: set[int]) -> None:
    """Walk statements only (never expressions): cheap on large files."""
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            if guarded:
                lines.add(stmt.lineno)
            continue
        if isinstance(stmt, (ast.Try, ast.TryStar)):
            # try: import a / except ImportError: import b (a fallback) / else: import c
            inner = guarded or any(_catches_import_error(h) for h in stmt.handlers)
            _guarded_in(stmt.body, inner, lines)
            for handler in stmt.handlers:
                _guarded_in(handler.body, inner, lines)
            _guarded_in(stmt.orelse, inner, lines)
            _guarded_in(stmt.finalbody, guarded, lines)
        elif isinstance(stmt, ast.If):
            inner = guarded or _is_environment_test(stmt.test)
            _guarded_in(stmt.body, inner, lines)
            _guarded_in(stmt.orelse, inner, lines)
        else:
            for name in ("body", "orelse", "finalbody"):
                child = getattr(stmt, name, None)
                if isinstance(child, list) and child and isinstance(child[0], ast.stmt):
                    _guarded_in(child, guarded, lines)
            for case in getattr(stmt, "cases", ()) or ():
                _guarded_in(case.body, guarded, lines)


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = {t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else "" for t in types}
    return bool(names & {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _is_environment_test(test: ast.expr) -> bool:
    """`sys.version_info >= (3, 11)`, `sys.platform == "win32"`, `os.name == "nt"`, `PY2`,
    or a feature flag (`if has_simplejson:`, `if not HAS_NUMPY:`, `if yaml is not None:`)."""
    flag = test.operand if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else test
    if isinstance(flag, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in flag.ops):
        flag = flag.left
    if isinstance(flag, (ast.Name, ast.Attribute)):
        return True
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and (node.attr in _ENVIRONMENT_NAMES or node.attr == "name" and isinstance(node.value, ast.Name) and node.value.id == "os"):
            return True
        if isinstance(node, ast.Name) and node.id in _ENVIRONMENT_NAMES:
            return True
    return False


__all__ = [
    "BUILD",
    "DEV",
    "OPTIONAL",
    "RUNTIME",
    "Declared",
    "GuardedImports",
    "ImportUse",
    "Locked",
    "Manifests",
    "distributions_for",
    "environment_names",
    "exact_version",
    "import_key",
    "import_prefixes",
    "manifests",
    "poetry_specifier",
    "provides",
    "repository_kind_of",
    "third_party_imports",
]
