from __future__ import annotations

import networkx as nx

from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class ImportCycle(ProjectRule):
    """Modules of the repository that import each other, directly or through others."""

    id = "ARC001"
    title = "Import cycle between modules"
    category = Category.ARCHITECTURE
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 60  # minutes to fix one finding
    refs = (
        "https://docs.python.org/3/reference/import.html",
        "https://import-linter.readthedocs.io/en/stable/contract_types.html",
    )
    tags = ("import-graph",)
    options = {"include-type-checking": False}
    why = """
        Modules in a cycle cannot be understood, tested or deployed apart: importing one
        imports all. Cycles give `ImportError: cannot import name ... (most likely due to a
        circular import)` the day someone reorders imports or adds a module-level call, make
        start-up order matter, and are where layering has already broken down (a model
        importing a view, a util importing the service that uses it).
        """
    fix = """
        Break the edge that points the wrong way: move the shared piece into a lower module
        both can import, invert the dependency (pass a callback or an interface in), or
        import inside the function that needs it as a stop-gap. Imports used only for type
        hints go under `if TYPE_CHECKING:`.
        """
    example = Example(
        before="""
            # file: shop/models.py
            from shop.pricing import discount

            # file: shop/pricing.py
            from shop.models import Order
            """,
        after="""
            # file: shop/models.py
            from shop.pricing import discount

            # file: shop/pricing.py
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from shop.models import Order
            """,
    )
    VALID = [
        """
        # file: app/__init__.py
        # file: app/a.py
        from app import b
        # file: app/b.py
        import os
        """,
        """
        # file: app/__init__.py
        VERSION = "1.0"
        from app.models import Order
        # file: app/models.py
        from app import VERSION
        """,
        """
        # file: app/__init__.py
        # file: app/a.py
        from app.b import helper
        # file: app/b.py
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from app.a import Thing
        """,
    ]
    INVALID = [
        """
        # file: app/__init__.py
        # file: app/a.py
        from app.b import helper  # expect
        # file: app/b.py
        from app.c import thing
        # file: app/c.py
        import app.a
        """,
        """
        # file: app/__init__.py
        # file: app/models.py
        def discount():
            from app.pricing import rate  # expect
        # file: app/pricing.py
        from app.models import Order
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        # A module importing its own parent package (`django.conf` -> `django`) is how
        # packages re-export; Python has run the parent's __init__ by then. Counting it
        # would fold every package into one giant "cycle" (166 modules on Django).
        graph = nx.DiGraph()  # concrete graphs, not views: views cost per lookup
        graph.add_edges_from(
            (u, v, data)
            for u, v, data in project.graph.edges(data=True)
            if not u.startswith(v + ".") and (data["kind"] != "type-checking" or self.opts["include-type-checking"])
        )
        components = (sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
        for component in sorted(components, key=lambda c: c[0]):
            sub = nx.DiGraph(graph.subgraph(component))
            runtime = nx.DiGraph([(u, v) for u, v, k in sub.edges(data="kind") if k == "runtime"])
            # Runtime imports first: that cycle breaks at import time; one that needs a
            # deferred, dynamic or TYPE_CHECKING import only ranks lower.
            cycle = shortest_cycle(runtime) if len(runtime) else []
            is_runtime = bool(cycle)
            cycle = cycle or shortest_cycle(sub)
            self._report(project, sub, cycle, len(component), is_runtime)

    def _report(self, project: ProjectIndex, sub: nx.DiGraph, cycle: list[str], size: int, is_runtime: bool) -> None:
        edges = list(zip(cycle, cycle[1:] + cycle[:1]))
        steps = " -> ".join(
            f"{u} ({project.file_of(u)}:{sub.edges[u, v]['line']}{_kind_note(sub.edges[u, v]['kind'])})" for u, v in edges
        ) + f" -> {cycle[0]}"
        first_u, first_v = edges[0]
        extra = f"; {size} modules are entangled" if size > len(cycle) else ""
        self.report_at(
            project.file_of(first_u),
            sub.edges[first_u, first_v]["line"] or 1,
            f"import cycle: {steps}{extra}",
            severity=None if is_runtime else Severity.LOW,
            snippet=sub.edges[first_u, first_v].get("text", ""),
        )


def _kind_note(kind: str) -> str:
    return "" if kind == "runtime" else f", {kind}"


def shortest_cycle(graph: nx.DiGraph) -> list[str]:
    """The shortest cycle of the graph (nodes in order, smallest start first among equals);
    one breadth-first search per node, so linear in the component per node."""
    best: list[str] = []
    for start in sorted(graph):
        paths = nx.single_source_shortest_path(graph, start, cutoff=len(best) - 1 if best else None)
        for pred in sorted(graph.predecessors(start)):
            path = paths.get(pred)
            if path is not None and (not best or len(path) < len(best)):
                best = path
        if len(best) == 2:
            break
    return best
