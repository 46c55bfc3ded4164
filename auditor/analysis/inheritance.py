"""The repository's own class hierarchy: which class derives from which, across modules.

Per file (worker): each class's qualified name, line and base classes resolved through
the file's imports; the module's capitalised imported names, for re-exports through a
package's `__init__.py`. Over the project: the chain of the repository's own ancestors
of every class (classes of other distributions are not followed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.analysis.metrics import structure
from auditor.project import ProjectIndex
from auditor.rule import Collector, FileContext
from auditor.source import SourceFile


@dataclass(frozen=True)
class ClassBases:
    classes: tuple[tuple[str, int, int, tuple[str, ...]], ...]  # (qualified name, line, column, bases)
    aliases: tuple[tuple[str, str], ...]  # imported capitalised names -> what they name


class ClassBasesCollector(Collector):
    key = "class_bases"

    def collect(self, source: SourceFile, context: FileContext) -> Any:
        module = context.module_name
        bindings = context.imports.bindings
        local = {c.qualname for c in structure(source).classes}
        classes = []
        for cls in structure(source).classes:
            bases = tuple(_qualify(b, module, bindings, local) for b in cls.bases)
            classes.append((f"{module}.{cls.qualname}" if module else cls.qualname, cls.line, cls.column, bases))
        aliases = tuple(sorted((n, t) for n, t in bindings.items() if n[:1].isupper() and t != f"{module}.{n}"))
        return ClassBases(tuple(classes), aliases) if classes or aliases else None


def _qualify(base: str, module: str, bindings: dict[str, str], local: set[str]) -> str:
    head, _, rest = base.partition(".")
    if base in local or (head in local and rest):
        return f"{module}.{base}" if module else base
    bound = bindings.get(head)
    if bound is None:
        return base
    return f"{bound}.{rest}" if rest else bound


@dataclass(frozen=True)
class ClassInfo:
    name: str
    file: str
    line: int
    column: int
    bases: tuple[str, ...]


def hierarchy(project: ProjectIndex) -> dict[str, ClassInfo]:
    """Every class of the repository by qualified name, its bases resolved to the
    repository's own classes where they are (through re-exports too)."""
    cached = project.cache.get("class_hierarchy")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    classes: dict[str, tuple[str, int, int, tuple[str, ...]]] = {}
    aliases: dict[str, str] = {}
    modules = {m.file: m.module for m in project.modules.values()}
    for path, facts in sorted(project.facts("class_bases").items()):
        if not isinstance(facts, ClassBases):
            continue
        module = modules.get(path, "")
        for name, line, column, bases in facts.classes:
            classes.setdefault(name, (path, line, column, bases))
        for alias, target in facts.aliases:
            aliases.setdefault(f"{module}.{alias}" if module else alias, target)
    out: dict[str, ClassInfo] = {}
    for name, (path, line, column, bases) in classes.items():
        resolved = tuple(r for r in (_resolve(b, classes, aliases) for b in bases) if r is not None)
        out[name] = ClassInfo(name, path, line, column, resolved)
    project.cache["class_hierarchy"] = out
    return out


def _resolve(name: str, classes: dict[str, Any], aliases: dict[str, str]) -> str | None:
    for _ in range(10):  # re-export chains are short; a loop of aliases ends here
        if name in classes:
            return name
        target = aliases.get(name)
        if target is None:
            return None
        name = target
    return None


def ancestors(name: str, classes: dict[str, ClassInfo]) -> list[str]:
    """The longest chain of the repository's own ancestors, nearest first."""
    memo: dict[str, list[str]] = {}

    def chain(current: str, seen: frozenset[str]) -> list[str]:
        if current in memo:
            return memo[current]
        best: list[str] = []
        for base in classes[current].bases:
            if base in seen:
                continue
            candidate = [base, *chain(base, seen | {base})]
            if len(candidate) > len(best):
                best = candidate
        memo[current] = best
        return best

    return chain(name, frozenset({name}))
