from __future__ import annotations

from typing import Iterator

from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

# Default contracts for web applications, by module name part, inside one top-level
# package: domain code does not import the request layer; settings import no app code.
DOMAIN_PARTS = frozenset({"models", "domain", "entities", "schemas", "repositories"})
REQUEST_PARTS = frozenset({"views", "routes", "endpoints", "handlers", "controllers", "viewsets", "resources"})
SETTINGS_PARTS = frozenset({"settings"})


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _parts(module: str) -> set[str]:
    return set(module.split("."))


class LayerViolation(ProjectRule):
    """An import that goes against the declared (or conventional) layering."""

    id = "ARC002"
    title = "Import against the layering"
    category = Category.ARCHITECTURE
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://import-linter.readthedocs.io/en/stable/contract_types.html",
        "https://www.cosmicpython.com/book/chapter_02_repository.html",
    )
    tags = ("import-graph", "layering")
    options = {
        # Ordered from the top (may import everything below) to the bottom; an entry may
        # name several independent modules of one layer: "shop.web | shop.cli".
        "layers": [],
        # Imports that must not exist: ["shop.models", "shop.web"] or "shop.models -> shop.web".
        "forbidden": [],
        # Groups of modules that must not import each other: [["shop.billing", "shop.shipping"]].
        "independent": [],
        # The web-application defaults: models/domain code does not import views, routes or
        # handlers of its own package; settings modules import nothing of the app.
        "web-defaults": True,
        "include-type-checking": False,
    }
    effort = 30
    why = """
        Layers let a change stay local: the request layer (views, routes) depends on the
        domain, never the reverse. A model importing a view drags Flask or Django request
        machinery into every worker, script and test that touches the model, makes import
        order fragile (the next circular import) and lets HTTP concerns leak into business
        rules. Settings that import app code run that code while the framework is still
        configuring itself, the classic source of `AppRegistryNotReady` and import cycles.
        """
    fix = """
        Move what the lower layer needs down (a plain function or a dataclass both can
        import), or invert the dependency: the view passes the value or a callback in.
        Declare the intended architecture in `[tool.auditor.options.ARC002]` (`layers`,
        `forbidden`, `independent`, as import-linter does) so the next violation fails CI.
        """
    example = Example(
        before="""
            # file: shop/__init__.py
            # file: shop/views.py
            from shop.models import Order
            # file: shop/models.py
            from shop.views import render_order
            """,
        after="""
            # file: shop/__init__.py
            # file: shop/views.py
            from shop.models import Order
            from shop.rendering import render_order
            # file: shop/rendering.py
            # file: shop/models.py
            import decimal
            """,
    )
    VALID = [
        """
        # file: shop/__init__.py
        # file: shop/views.py
        from shop.models import Order
        # file: shop/models.py
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from shop.views import Page
        # file: shop/settings.py
        import os
        from shop.settings_base import *
        # file: shop/settings_base.py
        DEBUG = False
        """,
        """
        # file: other/__init__.py
        # file: other/models.py
        from shop.views import helper
        # file: shop/__init__.py
        # file: shop/views.py
        def helper(): ...
        """,
    ]
    INVALID = [
        """
        # file: shop/__init__.py
        # file: shop/views.py
        from shop.models import Order
        # file: shop/models.py
        from shop.views import render_order  # expect
        # file: shop/settings.py
        from shop.models import Order  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        seen: set[tuple[str, str]] = set()
        for source, target, reason in self._violations(project):
            if (source, target) in seen:
                continue
            seen.add((source, target))
            data = project.graph.edges[source, target]
            self.report_at(
                project.file_of(source),
                data["line"] or 1,
                f"`{source}` imports `{target}`: {reason}",
                snippet=data.get("text", ""),
            )

    def _edges(self, project: ProjectIndex) -> Iterator[tuple[str, str]]:
        for u, v, kind in sorted(project.graph.edges(data="kind")):
            if kind != "type-checking" or self.opts["include-type-checking"]:
                yield u, v

    def _violations(self, project: ProjectIndex) -> Iterator[tuple[str, str, str]]:
        layers = [[p.strip() for p in str(entry).split("|") if p.strip()] for entry in self.opts["layers"]]
        forbidden = [_pair(f) for f in self.opts["forbidden"]]
        groups = [[str(m) for m in group] for group in self.opts["independent"] if isinstance(group, list)]
        for u, v in self._edges(project):
            yield from _layer_breaks(u, v, layers)
            for a, b in forbidden:
                if a and b and _within(u, a) and _within(v, b):
                    yield u, v, f"`{a}` must not import `{b}` (forbidden in the configuration)"
            for group in groups:
                yield from _independence_breaks(u, v, group)
            if self.opts["web-defaults"]:
                yield from _web_default_breaks(u, v)


def _pair(value: object) -> tuple[str, str]:
    if isinstance(value, str) and "->" in value:
        a, _, b = value.partition("->")
        return a.strip(), b.strip()
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return str(value[0]).strip(), str(value[1]).strip()
    return "", ""


def _layer_of(module: str, layers: list[list[str]]) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for index, names in enumerate(layers):
        for name in names:
            if _within(module, name) and (best is None or len(name) > len(best[1])):
                best = (index, name)
    return best


def _layer_breaks(u: str, v: str, layers: list[list[str]]) -> Iterator[tuple[str, str, str]]:
    """Index 0 is the top layer: a module may import only its own layer's module or below;
    two modules of one layer (`a | b`) are independent."""
    if not layers:
        return
    lu, lv = _layer_of(u, layers), _layer_of(v, layers)
    if lu is None or lv is None or lu[1] == lv[1]:
        return
    if lu[0] > lv[0]:
        yield u, v, f"layer `{lu[1]}` sits below `{lv[1]}` and must not import it"
    elif lu[0] == lv[0]:
        yield u, v, f"`{lu[1]}` and `{lv[1]}` are independent parts of one layer"


def _independence_breaks(u: str, v: str, group: list[str]) -> Iterator[tuple[str, str, str]]:
    a = next((m for m in group if _within(u, m)), None)
    b = next((m for m in group if _within(v, m)), None)
    if a and b and a != b:
        yield u, v, f"`{a}` and `{b}` are declared independent"


def _web_default_breaks(u: str, v: str) -> Iterator[tuple[str, str, str]]:
    if u.partition(".")[0] != v.partition(".")[0]:
        return  # the defaults judge one application's own modules only
    pu, pv = _parts(u), _parts(v)
    if pu & DOMAIN_PARTS and pv & REQUEST_PARTS and not pu & REQUEST_PARTS:
        yield u, v, "models and domain code must not depend on the request layer (views, routes, handlers)"
    elif _is_settings(u) and not _is_settings(v) and not _within(u, v):
        yield u, v, "settings must not import application code (it runs while the app is being configured)"


def _is_settings(module: str) -> bool:
    last = module.rpartition(".")[2]
    return bool(_parts(module) & SETTINGS_PARTS) or last.startswith("settings")
