"""Definitions, references and entry points of every file, for the graph and dead code.

One `DefinitionsCollector` pass per file over the stdlib tree the file already has:
top-level and class-level functions, classes and methods (with line and what makes them
live without a call: decorators, overrides, properties), every name the file refers to
(loads, attribute names, identifier-like strings: `getattr(obj, "name")`, `__all__`,
Django URLconfs' dotted strings), and the framework entry points it declares (Flask and
FastAPI routes, Django views in `urls.py`, Celery tasks, click/typer commands, pytest
tests and fixtures, `if __name__ == "__main__":`). Console scripts come from the
project metadata (`[project.scripts]`, Poetry's scripts, setup.cfg `console_scripts`).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from auditor.rule import Collector, FileContext
from auditor.source import walk_nodes

if TYPE_CHECKING:
    from auditor.project import ProjectIndex
    from auditor.source import SourceFile

KEY = "definitions"

# Decorators that wrap a function without registering it anywhere: a function carrying
# only these is as dead as an undecorated one when nothing names it.
TRANSPARENT_DECORATORS = frozenset(
    {
        "staticmethod", "classmethod", "wraps", "lru_cache", "cache", "total_ordering",
        "overload", "final", "dataclass", "deprecated", "contextmanager", "asynccontextmanager",
        "singledispatch", "njit", "jit", "retry", "timeit", "functools.wraps",
    }
)
_PROPERTY = frozenset({"property", "cached_property", "setter", "getter", "deleter", "abstractmethod", "abstractproperty", "override"})
_ROUTE = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "head", "options", "websocket", "api_route", "api_view", "view_config"}
)
_HOOK = frozenset(
    {
        "before_request", "after_request", "teardown_request", "teardown_appcontext", "errorhandler",
        "context_processor", "template_filter", "template_global", "template_test", "url_value_preprocessor",
        "url_defaults", "before_app_request", "after_app_request", "app_errorhandler", "on_event", "middleware",
        "exception_handler", "receiver", "listens_for", "connect", "on_after_configure", "filter", "simple_tag",
        "inclusion_tag", "tag", "register",
    }
)
_TASK = frozenset({"task", "shared_task", "periodic_task", "actor", "job"})
_COMMAND = frozenset({"command", "group", "callback", "result_callback"})
_FIXTURE = frozenset({"fixture", "yield_fixture", "hookimpl"})
_DJANGO_ROUTES = frozenset({"path", "re_path", "url"})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*")
# The text patterns below each start with a character set (the quote; `d`/`c` of `def`
# and `class`, with the word boundary checked behind it), which lets the regex engine
# skip to candidate positions instead of trying the pattern at every character: three
# times cheaper. `f"...{x}"` is matched from its quote: findall returns only the groups.
_DEFINED = re.compile(r"[dc](?:(?<=\bd)ef|(?<=\bc)lass)\s+([A-Za-z_][A-Za-z0-9_]*)")  # \bdef, \bclass
_DOTTED_STRING = re.compile(r"""["']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_]\w*)?)["']""")
# "_get_%s_permissions", "visit_{}", f"do_{name}", "on_%(event)s": a name built at run time.
_FORMATTED_NAME = re.compile(r"""["']([A-Za-z_]\w*?)(?:%s|%\(\w+\)s|\{[^{}'"]*\})(\w*)["']""")
_PREFIX_STRING = re.compile(r"""["']([A-Za-z_]\w*_)["']\s*\+""")  # "clean_" + field
# import_module("%s.base" % backend): a module found by its last parts.
_MODULE_SUFFIX = re.compile(r"""["'](?:%s|\{[^{}'"]*\})((?:\.[A-Za-z_]\w*)+)["']""")


@dataclass(frozen=True)
class Definition:
    """A top-level or class-level function or class."""

    name: str  # `func`, `Class`, `Class.method`
    kind: str  # function | class | method
    line: int
    decorators: tuple[str, ...] = ()  # last dotted part of each decorator, as written
    bases: tuple[str, ...] = ()  # a class's bases, qualified through the file's imports
    entry: str = ""  # the entry-point kind, when the framework calls it (route, task...)


@dataclass(frozen=True)
class EntryPoint:
    kind: str  # route | view | task | command | test | fixture | main | hook
    line: int
    name: str  # the function, or the dotted view an URLconf names


@dataclass(frozen=True)
class FileDefinitions:
    definitions: tuple[Definition, ...]
    names: frozenset[str]  # identifiers the file refers to (not its own definitions)
    dotted: frozenset[str]  # dotted strings (`"app.views.index"`, `"pkg.mod:func"`)
    name_patterns: frozenset[str]  # regexes of names built at run time (`"_get_%s"`, `"%s.base"`)
    entry_points: tuple[EntryPoint, ...]
    exports: tuple[str, ...] | None  # `__all__`, when it is a literal list


class DefinitionsCollector(Collector):
    """Definitions, references and entry points of one file (see the module docstring)."""

    key = KEY

    def collect(self, source: SourceFile, context: FileContext) -> FileDefinitions:
        tree = source.ast
        bindings = context.imports.bindings
        definitions = list(_definitions(tree.body, "", bindings, context.is_test))
        names, dotted, patterns = _references(source.text)
        entries = [EntryPoint(d.entry, d.line, d.name) for d in definitions if d.entry]
        entries += _module_entries(tree, source.relpath, bindings)
        return FileDefinitions(
            definitions=tuple(definitions),
            names=frozenset(names),
            dotted=frozenset(dotted),
            name_patterns=frozenset(patterns),
            entry_points=tuple(sorted(set(entries), key=lambda e: (e.line, e.kind, e.name))),
            exports=_exports(tree),
        )


def _decorator_name(node: ast.expr) -> tuple[str, str]:
    """(last part, dotted as written) of a decorator: `@app.route("/")` -> ("route", "app.route")."""
    if isinstance(node, ast.Call):
        node = node.func
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    dotted = ".".join(reversed(parts))
    return (parts[0] if parts else ""), dotted


def _entry_kind(decorators: list[tuple[str, str]], name: str, is_test: bool, in_class: bool) -> str:
    for last, full in decorators:
        if last in _ROUTE and "." in full:
            return "route"
        if last in _TASK:
            return "task"
        if last in _COMMAND and (full.startswith(("click.", "typer.")) or "." in full):
            return "command"
        if last in _FIXTURE:
            return "fixture"
        if last in _HOOK:
            return "hook"
    if is_test and name.startswith("test") and (not in_class or name.startswith("test_") or name == "test"):
        return "test"
    return ""


def _qualify(name: str, bindings: dict[str, str]) -> str:
    head, _, rest = name.partition(".")
    bound = bindings.get(head)
    if bound is None:
        return name
    return f"{bound}.{rest}" if rest else bound


def _definitions(body: list[ast.stmt], owner: str, bindings: dict[str, str], is_test: bool) -> Iterator[Definition]:
    """Functions and classes of a module body or a class body (nested classes too),
    under `if`/`try` blocks as well (conditional definitions)."""
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorators = [_decorator_name(d) for d in stmt.decorator_list]
            qualname = f"{owner}.{stmt.name}" if owner else stmt.name
            yield Definition(
                name=qualname,
                kind="method" if owner else "function",
                line=stmt.lineno,
                decorators=tuple(last for last, _ in decorators),
                entry=_entry_kind(decorators, stmt.name, is_test, bool(owner)),
            )
        elif isinstance(stmt, ast.ClassDef):
            qualname = f"{owner}.{stmt.name}" if owner else stmt.name
            decorators = [_decorator_name(d) for d in stmt.decorator_list]
            bases = tuple(_qualify(_decorator_name(b)[1], bindings) for b in stmt.bases)
            entry = "test" if is_test and stmt.name.startswith("Test") else ""
            yield Definition(qualname, "class", stmt.lineno, tuple(last for last, _ in decorators), bases, entry)
            yield from _definitions(stmt.body, qualname, bindings, is_test)
        elif isinstance(stmt, (ast.If, ast.Try)) or type(stmt).__name__ == "TryStar":
            blocks = [stmt.body, getattr(stmt, "orelse", []), getattr(stmt, "finalbody", [])]
            blocks += [h.body for h in getattr(stmt, "handlers", [])]
            for block in blocks:
                yield from _definitions(block, owner, bindings, is_test)


def _references(text: str) -> tuple[set[str], set[str], set[str]]:
    """Identifiers the file mentions other than where it defines them, dotted strings,
    and name patterns of dynamic dispatch (`getattr(self, "_get_%s_permissions" % kind)`,
    `f"visit_{name}"`, `"clean_" + field`).

    A scan of the text, not of the tree: ten times cheaper on large repositories, and a
    name in a comment or docstring counting as a reference only makes dead-code rules
    quieter."""
    counts = Counter(_WORD.findall(text))
    counts.subtract(Counter(_DEFINED.findall(text)))
    names = {name for name, count in counts.items() if count > 0}
    dotted = {m.replace(":", ".", 1) for m in _DOTTED_STRING.findall(text)}
    found = [*_FORMATTED_NAME.findall(text), *((p, "") for p in _PREFIX_STRING.findall(text))]
    patterns = {re.escape(prefix) + r"\w+" + re.escape(suffix) for prefix, suffix in found if _name_part(prefix, suffix)}
    patterns |= {r"(?:\w+\.)*\w+" + re.escape(suffix) for suffix in _MODULE_SUFFIX.findall(text)}
    return names, dotted, patterns


def _name_part(prefix: str, suffix: str) -> bool:
    """`_get_` + x + `_permissions` builds a method name; `"_%s"`, `"id%s"` or `"a%s"` are
    too short to tell a name from any other string."""
    joined = prefix.endswith("_") or suffix.startswith("_")
    return joined and len(prefix.strip("_")) + len(suffix.strip("_")) >= 3


def _exports(tree: ast.Module) -> tuple[str, ...] | None:
    for stmt in tree.body:
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and stmt.value is not None:
            targets = [stmt.target]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            value = stmt.value
            if isinstance(value, (ast.List, ast.Tuple)):
                return tuple(e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return None


def _module_entries(tree: ast.Module, relpath: str, bindings: dict[str, str]) -> list[EntryPoint]:
    """`if __name__ == "__main__":` and the views an URLconf routes to."""
    out: list[EntryPoint] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.If) and _is_main_guard(stmt.test):
            out.append(EntryPoint("main", stmt.lineno, "__main__"))
    if relpath.rsplit("/", 1)[-1] == "urls.py" or "urlpatterns" in _assigned_names(tree):
        out += _url_views(tree, bindings)
    return out


def _assigned_names(tree: ast.Module) -> set[str]:
    return {t.id for s in tree.body if isinstance(s, ast.Assign) for t in s.targets if isinstance(t, ast.Name)}


def _is_main_guard(test: ast.expr) -> bool:
    if not isinstance(test, ast.Compare) or len(test.comparators) != 1:
        return False
    sides = [test.left, test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides
    )


def _url_views(tree: ast.Module, bindings: dict[str, str]) -> list[EntryPoint]:
    """`path("x/", views.index)`, `re_path(r"^x$", View.as_view())`, `path("", include("app.urls"))`."""
    out: list[EntryPoint] = []
    for node in walk_nodes(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        if _decorator_name(node.func)[0] not in _DJANGO_ROUTES:
            continue
        view = node.args[1]
        if isinstance(view, ast.Call):
            if _decorator_name(view.func)[0] == "include" and view.args:
                inner = view.args[0]
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    out.append(EntryPoint("urlconf", node.lineno, inner.value))
                continue
            view = view.func.value if isinstance(view.func, ast.Attribute) else view.func  # View.as_view()
        name = _decorator_name(view)[1]
        if name:
            out.append(EntryPoint("view", node.lineno, _qualify(name, bindings)))
    return out


def console_scripts(project: ProjectIndex) -> list[tuple[str, str]]:
    """(script name, "module:function") from the project metadata, read statically."""
    cached = project.cache.get("definitions:console-scripts")
    if isinstance(cached, list):
        return cached
    out = _console_scripts(project)
    project.cache["definitions:console-scripts"] = out
    return out


def _console_scripts(project: ProjectIndex) -> list[tuple[str, str]]:
    import configparser
    import tomllib

    out: list[tuple[str, str]] = []
    for relpath in project.files_matching("pyproject.toml"):
        try:
            data = tomllib.loads(project.read_text(relpath) or "")
        except tomllib.TOMLDecodeError:
            continue
        tables = [data.get("project", {}).get("scripts", {}), data.get("project", {}).get("gui-scripts", {})]
        tables.append(data.get("tool", {}).get("poetry", {}).get("scripts", {}))
        for table in tables:
            if isinstance(table, dict):
                out += [(k, v) for k, v in table.items() if isinstance(v, str)]
    for relpath in project.files_matching("setup.cfg"):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(project.read_text(relpath) or "")
            raw = parser.get("options.entry_points", "console_scripts", fallback="")
        except configparser.Error:
            continue
        for line in raw.splitlines():
            name, sep, target = line.partition("=")
            if sep:
                out.append((name.strip(), target.strip()))
    return sorted(set(out))


def definitions(project: ProjectIndex) -> dict[str, FileDefinitions]:
    """{relpath: FileDefinitions} of the Python files the collector read."""
    return {k: v for k, v in project.facts(KEY).items() if isinstance(v, FileDefinitions)}


def referenced_names(project: ProjectIndex) -> frozenset[str]:
    """Every identifier some file of the repository refers to, plus the parts of dotted
    strings and console-script targets (computed once per run)."""
    cached = project.cache.get("definitions:names")
    if isinstance(cached, frozenset):
        return cached
    names: set[str] = set()
    for facts in definitions(project).values():
        names |= facts.names
        names.update(facts.exports or ())
    for _, target in console_scripts(project):
        names.update(_IDENTIFIER.findall(target))
    result = frozenset(names)
    project.cache["definitions:names"] = result
    return result


def name_patterns(project: ProjectIndex) -> re.Pattern[str] | None:
    """One regex matching every name some file builds at run time: `"_get_%s" % x`
    (a method) or `"%s.base" % backend` (a module); use `fullmatch`."""
    patterns = sorted({p for facts in definitions(project).values() for p in facts.name_patterns})
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def dotted_strings(project: ProjectIndex) -> Iterable[str]:
    for facts in definitions(project).values():
        yield from facts.dotted
