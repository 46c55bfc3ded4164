from __future__ import annotations

import builtins
import re

from auditor.analysis.definitions import (
    TRANSPARENT_DECORATORS,
    Definition,
    DefinitionsCollector,
    FileDefinitions,
    definitions,
    name_patterns,
    referenced_names,
)
from auditor.analysis.service import is_product_path, repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ModuleFacts, ProjectIndex
from auditor.rule import ProjectRule

_BUILTIN_BASES = frozenset(f"builtins.{n}" for n in dir(builtins)) | frozenset(dir(builtins))
# Names frameworks and tools call by convention (hooks, plugin protocols, visitors).
_CONVENTIONAL = re.compile(
    r"^(?:test|setup|teardown|visit_|leave_|depart_|do_|handle_|pytest_|on_|main$|run$|app$|application$|create_app$|ready$)"
)
# Classes a framework loads by their name or module: Django's commands and migrations.
_LOADED_BY_NAME = frozenset({"Command", "Migration"})
_TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".xml")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class UnusedDefinition(ProjectRule):
    """A function, class or method that nothing in the repository refers to by name."""

    id = "ARC005"
    title = "Function or class never referenced"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.LOW
    refs = ("https://github.com/jendrikseipp/vulture",)
    tags = ("dead-code",)
    options = {"ignore-names": []}  # names (regexes, full match) the framework calls
    needs = (DefinitionsCollector,)
    effort = 10
    why = """
        Code nobody calls still costs: it is read, reviewed, refactored, kept compatible
        and scanned, and it misleads readers about what the system does. Dead functions
        are also where stale security fixes hide: the live path got the fix, the dead copy
        did not, and the next refactoring wires it back in.
        """
    fix = """
        Delete it. If a framework, a plugin system or a template calls it by a name this
        audit cannot see, add the name to `[tool.auditor.options.ARC005] ignore-names`.
        """
    example = Example(
        before="""
            # file: app/__init__.py
            # file: app/prices.py
            def total(items):
                return sum(items)

            def total_old(items):
                return sum(i for i in items)
            # file: app/cli.py
            from app.prices import total
            if __name__ == "__main__":
                print(total([1, 2]))
            """,
        after="""
            # file: app/__init__.py
            # file: app/prices.py
            def total(items):
                return sum(items)
            # file: app/cli.py
            from app.prices import total
            if __name__ == "__main__":
                print(total([1, 2]))
            """,
    )
    VALID = [
        """
        # file: app/__init__.py
        from flask import Flask
        app = Flask(__name__)
        @app.route("/")
        def index(): ...
        import logging
        class Quiet(logging.Filter):
            def filter(self, record): ...
        class Base:
            def __repr__(self): ...
            @property
            def size(self): ...
        class Child(Base): ...
        def helper(): ...
        HANDLERS = {"x": helper}
        def by_name(): ...
        getattr(Child(), "by_name")
        # file: tests/test_app.py
        def test_index(): ...
        """,
    ]
    INVALID = [
        """
        # file: app/__init__.py
        def used(): ...
        def unused(): ...  # expect
        class Thing:  # expect
            def method(self): ...  # expect
        used()
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        library = repository_kind(project).kind == "library"
        names = referenced_names(project) | _template_words(project)
        ignore = [re.compile(p) for p in self.opts["ignore-names"]]
        dynamic = name_patterns(project)  # getattr(self, "_get_%s" % kind) reaches _get_<anything>
        if dynamic is not None:
            ignore.append(dynamic)
        facts = definitions(project)
        classes = _Classes(project, facts)
        modules = {m.file: m for m in project.modules.values()}
        for relpath in sorted(facts):
            module = modules.get(relpath)
            if module is None or not _audited(module):
                continue
            private_module = any(p.startswith("_") and p != "__init__" for p in module.module.split("."))
            for definition in facts[relpath].definitions:
                short = definition.name.rpartition(".")[2]
                if short in names or _alive(definition, relpath, facts[relpath], classes):
                    continue
                if library and not private_module and not short.startswith("_"):
                    continue  # a library's public API is called by its users
                if any(p.fullmatch(short) for p in ignore):
                    continue
                self.report_at(
                    relpath,
                    definition.line,
                    f"{definition.kind} `{definition.name}` is never referenced in the repository",
                    scope=definition.name,
                    snippet=_line(project, relpath, definition.line),
                )


def _audited(module: ModuleFacts) -> bool:
    """Product code: not tests, examples, docs or migrations."""
    return not module.is_test and is_product_path(module.file) and "migrations" not in module.file.split("/")


class _Classes:
    """The repository's classes by short name: their bases and methods, to tell an
    override or a framework subclass (alive without a call by name) from dead code."""

    def __init__(self, project: ProjectIndex, facts: dict[str, FileDefinitions]) -> None:
        self.project = project
        self.bases: dict[str, set[str]] = {}
        self.methods: dict[str, set[str]] = {}
        for file_facts in facts.values():
            for d in file_facts.definitions:
                if d.kind == "class":
                    short = d.name.rpartition(".")[2]
                    self.bases.setdefault(short, set()).update(d.bases)
                    self.methods.setdefault(short, set())
            for d in file_facts.definitions:
                if d.kind == "method":
                    owner, _, method = d.name.rpartition(".")
                    self.methods.setdefault(owner.rpartition(".")[2], set()).add(method)

    def external(self, base: str) -> bool:
        """A library's class (not a builtin like Exception or object)."""
        if base in _BUILTIN_BASES:
            return False
        short = base.rpartition(".")[2]
        if short not in self.bases:
            return True
        module = base.rpartition(".")[0]
        while module:  # qualified through an import: ours only if a module of ours holds it
            if module in self.project.modules:
                return False
            module = module.rpartition(".")[0]
        return "." in base

    def subclasses_library(self, bases: tuple[str, ...] | set[str], seen: set[str] | None = None) -> bool:
        seen = seen if seen is not None else set()
        for base in bases:
            short = base.rpartition(".")[2]
            if short in seen:
                continue
            seen.add(short)
            if self.external(base) or self.subclasses_library(self.bases.get(short, ()), seen):
                return True
        return False

    def overrides(self, bases: tuple[str, ...] | set[str], method: str, seen: set[str] | None = None) -> bool:
        seen = seen if seen is not None else set()
        for base in bases:
            short = base.rpartition(".")[2]
            if short in seen or base in _BUILTIN_BASES:
                continue
            seen.add(short)
            if method in self.methods.get(short, ()) or self.overrides(self.bases.get(short, ()), method, seen):
                return True
        return False


def _alive(definition: Definition, relpath: str, facts: FileDefinitions, classes: _Classes) -> bool:
    """Called without being named: dunders, entry points, registered by a decorator,
    framework hooks by convention, `__all__` exports, overrides, framework subclasses."""
    short = definition.name.rpartition(".")[2]
    if short.startswith("__") and short.endswith("__") or definition.entry or _CONVENTIONAL.match(short):
        return True
    if any(d not in TRANSPARENT_DECORATORS for d in definition.decorators):
        return True  # registered (route, fixture, signal receiver...) or a property
    if facts.exports is not None and short in facts.exports:
        return True
    if definition.kind == "class":
        if relpath.rsplit("/", 1)[-1] == "apps.py" or short in _LOADED_BY_NAME:
            return True  # Django finds AppConfig classes, commands and migrations itself
        return classes.subclasses_library(definition.bases)  # models, commands: a framework loads them
    if definition.kind == "method":
        owner = definition.name.rpartition(".")[0]
        bases = next((d.bases for d in facts.definitions if d.name == owner and d.kind == "class"), ())
        return classes.subclasses_library(bases) or classes.overrides(bases, short)
    return False


def _template_words(project: ProjectIndex) -> frozenset[str]:
    """Identifiers in templates and docs: `{{ order.total_price }}` calls a method."""
    words: set[str] = set()
    templates = [f for f in project.other_files if f.endswith(_TEMPLATE_SUFFIXES) or "templates/" in f]
    for relpath in templates[:5000]:
        words.update(_WORD.findall(project.read_text(relpath, limit=512 * 1024) or ""))
    return frozenset(words)


def _line(project: ProjectIndex, relpath: str, line: int) -> str:
    lines = (project.read_text(relpath) or "").splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""
