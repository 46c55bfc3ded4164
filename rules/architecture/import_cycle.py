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
    ]

    def check(self, project: ProjectIndex) -> None:
        # A module importing its own parent package (`django.conf` -> `django`) is how
        # packages re-export; Python has run the parent's __init__ by then. Counting it
        # would fold every package into one giant "cycle" (166 modules on Django).
        keep = [
            (u, v)
            for u, v, kind in project.graph.edges(data="kind")
            if not u.startswith(v + ".") and (kind != "type-checking" or self.opts["include-type-checking"])
        ]
        graph = project.graph.edge_subgraph(keep)
        for component in sorted(
            (sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1),
            key=lambda c: c[0],
        ):
            sub = graph.subgraph(component)
            cycle = _shortest_cycle(sub, component[0])
            edges = list(zip(cycle, cycle[1:] + cycle[:1]))
            kinds = {sub.edges[u, v]["kind"] for u, v in edges}
            runtime = kinds == {"runtime"}
            steps = " -> ".join(
                f"{u} ({project.file_of(u)}:{sub.edges[u, v]['line']})" for u, v in edges
            ) + f" -> {cycle[0]}"
            first_u, first_v = edges[0]
            extra = f"; {len(component)} modules are entangled" if len(component) > len(cycle) else ""
            self.report_at(
                project.file_of(first_u),
                sub.edges[first_u, first_v]["line"] or 1,
                f"import cycle: {steps}{extra}",
                severity=None if runtime else Severity.LOW,
                snippet=sub.edges[first_u, first_v].get("text", ""),
            )


def _shortest_cycle(graph: nx.DiGraph, start: str) -> list[str]:
    """The shortest cycle through `start` (nodes in order, start first)."""
    best: list[str] | None = None
    for pred in sorted(graph.predecessors(start)):
        try:
            path = nx.shortest_path(graph, start, pred)
        except nx.NetworkXNoPath:
            continue
        if best is None or len(path) < len(best):
            best = path
    return best or [start]
