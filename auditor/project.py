"""The project view: module names, the facts each file contributes, the import graph.

Built once per run from plain per-file facts (picklable, so workers return them), then
handed to every ProjectRule. networkx holds the graph; rules use its algorithms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping

import networkx as nx


@dataclass(frozen=True)
class ImportFact:
    target: str  # absolute dotted name as written (relative imports resolved)
    names: tuple[str, ...]
    kind: str  # runtime | type-checking | deferred
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
    """`src/shop/dao.py` -> ("shop.dao", False); `shop/__init__.py` -> ("shop", True)."""
    parts = list(PurePosixPath(relpath).parts)
    if len(parts) > 1 and parts[0] in tuple(source_roots):
        parts = parts[1:]
    last = parts[-1]
    stem = last[:-3] if last.endswith(".py") else last.rsplit(".", 1)[0]
    is_package = stem == "__init__"
    parts = parts[:-1] if is_package else [*parts[:-1], stem]
    return ".".join(p for p in parts if p), is_package


class ProjectIndex:
    """Modules of the audited repository and the import graph between them.

    Nodes are module names; an edge a -> b means a imports b, with the attributes
    `line` (the import line in a's file) and `kind` (runtime, type-checking, deferred).

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
    ) -> None:
        self.root = root
        self.other_files: tuple[str, ...] = tuple(sorted(other_files))
        self.collected: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (collected or {}).items()}
        # Results computed once per run and shared by several project rules (e.g. the taint
        # analysis that every injection rule reads), by a key of the analysis' choosing.
        self.cache: dict[str, Any] = {}
        self.modules: dict[str, ModuleFacts] = {}
        for fact in sorted(facts, key=lambda f: f.file):
            # Two files can claim one name (scripts in several folders); the first wins.
            self.modules.setdefault(fact.module, fact)
        self.graph: nx.DiGraph = nx.DiGraph()
        for name in sorted(self.modules):
            fact = self.modules[name]
            self.graph.add_node(name, file=fact.file, lines=fact.lines)
        for name in sorted(self.modules):
            for imp in self.modules[name].imports:
                for target in self._resolve(imp):
                    if target == name:
                        continue
                    if self.graph.has_edge(name, target):
                        prev = self.graph.edges[name, target]
                        if _KIND_WEIGHT[imp.kind] <= _KIND_WEIGHT[prev["kind"]]:
                            continue
                    self.graph.add_edge(name, target, line=imp.line, kind=imp.kind, text=imp.text)

    def _resolve(self, imp: ImportFact) -> list[str]:
        """Internal modules an import reaches: `from pkg import sub` reaches pkg.sub."""
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
        from fnmatch import fnmatch

        out = []
        for rel in self.other_files:
            name = rel.rsplit("/", 1)[-1]
            if any(fnmatch(name, p) or fnmatch(rel, p) for p in patterns):
                out.append(rel)
        return out

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


# A runtime import outweighs a deferred one, which outweighs a TYPE_CHECKING one.
_KIND_WEIGHT = {"runtime": 2, "deferred": 1, "type-checking": 0}
