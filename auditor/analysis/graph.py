"""The import graph as report data, and each module's exposure for prioritization.

`exposure(project)` gives every module its fan-in, fan-out, PageRank, entry-point kind
and whether an entry point (route, view, CLI command, task, console script) reaches it.
`graph_section(project)` is the report's `graph` section: modules, edges and a
package-level view with its cycles; sorted, so the same tree gives the same JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from auditor.analysis.definitions import DefinitionsCollector, console_scripts, definitions
from auditor.project import ProjectIndex

CACHE_KEY = "graph:exposure"
# Entry points a request, a command line or a worker runs: what "reached" starts from.
SERVING_ENTRIES = frozenset({"route", "view", "command", "task", "console-script", "main-module", "wsgi", "hook"})
# Entry kinds in order of precedence when a module has several.
_ENTRY_ORDER = ("route", "view", "command", "console-script", "task", "wsgi", "main-module", "hook", "main", "urlconf", "test", "fixture")
PACKAGE_DEPTH = 2


@dataclass(frozen=True)
class Exposure:
    fan_in: int  # modules importing this one (TYPE_CHECKING-only imports aside)
    fan_out: int  # modules this one imports
    pagerank: float  # share of the import graph's "importance" flowing into it
    entry_point: str  # "" or the strongest entry kind declared in it (route, view, ...)
    reached_from_entry: bool  # a serving entry point imports it, directly or not


def runtime_graph(project: ProjectIndex) -> nx.DiGraph:
    """The import graph without the edges that exist only for type checkers."""
    cached = project.cache.get("graph:runtime")
    if isinstance(cached, nx.DiGraph):
        return cached
    keep = [(u, v) for u, v, kind in project.graph.edges(data="kind") if kind != "type-checking"]
    graph = nx.DiGraph()
    graph.add_nodes_from(project.graph.nodes)
    graph.add_edges_from(keep)
    project.cache["graph:runtime"] = graph
    return graph


def owning_module(project: ProjectIndex, dotted: str) -> str | None:
    """The longest prefix of `dotted` that is a module: `app.views.index` -> `app.views`."""
    name = dotted.replace(":", ".")
    while name:
        if name in project.modules:
            return name
        name = name.rpartition(".")[0]
    return None


def entry_points(project: ProjectIndex) -> dict[str, str]:
    """{module: strongest entry kind}: declared in the file, routed to by an URLconf,
    named by a console script, `__main__.py`, `wsgi.py`/`asgi.py`, `manage.py`."""
    found: dict[str, set[str]] = {}
    by_file = {m.file: m.module for m in project.modules.values()}
    for relpath, facts in definitions(project).items():
        module = by_file.get(relpath)
        if module is None:
            continue
        for entry in facts.entry_points:
            target = module
            if entry.kind in ("view", "urlconf"):
                target = owning_module(project, entry.name) or ""
            if target:
                found.setdefault(target, set()).add(entry.kind)
    for _, target in console_scripts(project):
        module = owning_module(project, target.partition(":")[0].strip())
        if module:
            found.setdefault(module, set()).add("console-script")
    for module, facts in project.modules.items():
        stem = facts.file.rsplit("/", 1)[-1]
        if stem == "__main__.py" or stem == "manage.py":
            found.setdefault(module, set()).add("main-module")
        elif stem in ("wsgi.py", "asgi.py"):
            found.setdefault(module, set()).add("wsgi")
    return {m: next(k for k in _ENTRY_ORDER if k in kinds) for m, kinds in found.items() if kinds & set(_ENTRY_ORDER)}


def exposure(project: ProjectIndex) -> dict[str, Exposure]:
    """{module: Exposure} for every module of the project, computed once per run."""
    cached = project.cache.get(CACHE_KEY)
    if isinstance(cached, dict):
        return cached
    graph = runtime_graph(project)
    ranks = _pagerank(graph)
    entries = entry_points(project)
    reached = _reached(graph, [m for m, kind in entries.items() if kind in SERVING_ENTRIES])
    result = {
        module: Exposure(
            fan_in=graph.in_degree(module),
            fan_out=graph.out_degree(module),
            pagerank=ranks.get(module, 0.0),
            entry_point=entries.get(module, ""),
            reached_from_entry=module in reached,
        )
        for module in sorted(graph)
    }
    project.cache[CACHE_KEY] = result
    return result


def _pagerank(graph: nx.DiGraph) -> dict[str, float]:
    if not len(graph):
        return {}
    try:
        return nx.pagerank(graph)
    except ImportError:  # networkx's default needs scipy; its pure-Python version does not
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(graph)


def _reached(graph: nx.DiGraph, sources: list[str]) -> set[str]:
    """Modules an entry module imports, directly or not, and the entry modules themselves."""
    if not sources:
        return set()
    start = ("entry",)  # not a string: cannot clash with a module name
    with_start = nx.DiGraph(graph)
    with_start.add_edges_from((start, s) for s in sources)
    return nx.descendants(with_start, start)


def package_of(module: str, is_package: bool, depth: int = PACKAGE_DEPTH) -> str:
    """The package a module counts under in the package view: `django.db.models.base`
    -> `django.db`, `flask.app` -> `flask`; a top-level module is its own package."""
    parts = module.split(".")
    if not is_package and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts[:depth])


def package_graph(project: ProjectIndex, depth: int = PACKAGE_DEPTH) -> nx.DiGraph:
    """Packages (module count, lines) and the runtime imports between them (`count`)."""
    graph = nx.DiGraph()
    owner: dict[str, str] = {}
    for module, facts in project.modules.items():
        package = owner[module] = package_of(module, facts.is_package, depth)
        if package not in graph:
            graph.add_node(package, modules=0, lines=0)
        graph.nodes[package]["modules"] += 1
        graph.nodes[package]["lines"] += facts.lines
    for u, v in runtime_graph(project).edges:
        a, b = owner[u], owner[v]
        if a == b:
            continue
        if graph.has_edge(a, b):
            graph.edges[a, b]["count"] += 1
        else:
            graph.add_edge(a, b, count=1)
    return graph


def _martin(graph: nx.DiGraph, package: str) -> dict[str, Any]:
    """Martin's afferent (Ca) and efferent (Ce) coupling, in packages, and instability
    Ce / (Ca + Ce): 0 for a package everything leans on, 1 for one nothing depends on."""
    ca, ce = graph.in_degree(package), graph.out_degree(package)
    return {"ca": ca, "ce": ce, "instability": round(ce / (ca + ce), 3) if ca + ce else 0.0}


def graph_section(project: ProjectIndex) -> dict[str, Any]:
    """The report's `graph` section:

    - `layout`: the source roots and folders mapped to packages that module names follow;
    - `nodes`: one per module, sorted: module, file, lines, fan_in, fan_out, pagerank,
      is_test, entry_point (its kind or null), reached_from_entry;
    - `edges`: `[from, to, kind, line]` (fields named in `edge_fields`), sorted; kind is
      runtime, deferred, dynamic or type-checking;
    - `packages`: modules grouped `depth` levels deep, with module count, lines, Ca, Ce,
      instability; edges with the number of module imports behind them and `cycle`; the
      package cycles (strongly connected components).
    """
    figures = exposure(project)
    nodes = []
    for module in sorted(project.modules):
        facts = project.modules[module]
        fig = figures[module]
        nodes.append(
            {
                "module": module,
                "file": facts.file,
                "lines": facts.lines,
                "fan_in": fig.fan_in,
                "fan_out": fig.fan_out,
                "pagerank": round(fig.pagerank, 6),
                "is_test": facts.is_test,
                "entry_point": fig.entry_point or None,
                "reached_from_entry": fig.reached_from_entry,
            }
        )
    edges = [
        [u, v, data["kind"], data["line"]] for u, v, data in sorted(project.graph.edges(data=True), key=lambda e: e[:2])
    ]
    return {
        "layout": {
            "roots": sorted(project.layout.roots),
            "packages_at": {d: p for d, p in sorted(project.layout.mapped)},
        },
        "nodes": nodes,
        "edge_fields": ["from", "to", "kind", "line"],
        "edges": edges,
        "packages": _packages_view(project),
    }


def _packages_view(project: ProjectIndex) -> dict[str, Any]:
    graph = package_graph(project)
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    in_cycle = {p: i for i, c in enumerate(cycles) for p in c}
    return {
        "depth": PACKAGE_DEPTH,
        "nodes": [{"package": p, **graph.nodes[p], **_martin(graph, p)} for p in sorted(graph)],
        "edges": [
            {"from": u, "to": v, "count": c, "cycle": u in in_cycle and in_cycle.get(u) == in_cycle.get(v)}
            for u, v, c in sorted(graph.edges(data="count"))
        ],
        "cycles": cycles,
    }


NEEDS = (DefinitionsCollector,)
