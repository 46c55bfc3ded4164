"""The project's own import graph, built with the project's own graph code: no edge may
point from a lower layer to a higher one (STYLE.md, "Layout and layers")."""

from __future__ import annotations

from pathlib import Path

from auditor.api import project_index

ROOT = Path(__file__).resolve().parent.parent

# Lower number = lower layer. A module may import only lower layers or its own group.
LAYERS: list[tuple[str, int]] = [
    ("auditor.model", 0),
    ("auditor.source", 1),
    ("auditor.helpers", 1),
    ("auditor.project", 1),
    ("auditor.plan", 1),
    ("auditor.config", 1),
    ("auditor.discovery", 1),
    ("auditor.walk", 1),
    ("auditor.baseline", 1),
    ("auditor.changes", 1),
    ("auditor.adapters", 2),
    ("auditor.history", 2),
    ("auditor.cache", 2),
    ("auditor.init", 2),
    ("auditor.rule", 3),
    ("auditor.analysis", 4),
    ("auditor.suppressions", 4),
    ("auditor.rules", 5),
    ("auditor.registry", 6),
    ("auditor.engine", 7),
    ("auditor.pool", 8),
    ("auditor.inputs", 8),
    ("auditor.prioritize", 7),
    ("auditor.api", 9),
    ("auditor.examples", 10),
    ("auditor.report", 10),
    ("auditor.cli", 11),
    ("auditor.__main__", 12),
]
# What a rule may import from the engine's side (rules never import each other).
RULE_MAY_IMPORT = (
    "auditor.rule", "auditor.analysis", "auditor.helpers", "auditor.model", "auditor.source", "auditor.project",
    "auditor.adapters.radon", "auditor.walk",
)


def _name(module: str) -> str:
    return "auditor." + module if module.startswith("rules") else module


def _layer(module: str) -> tuple[str, int]:
    best = ("", -1)
    for prefix, rank in LAYERS:
        if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best[0]):
            best = (prefix, rank)
    if module == "auditor":
        return ("auditor", 0)
    assert best[1] >= 0, f"{module} has no layer: add it to LAYERS"
    return best


def test_no_edge_points_up() -> None:
    index = project_index([ROOT / "auditor", ROOT / "rules"])
    assert len(index.graph) > 20
    wrong = []
    for src, dst, data in index.graph.edges(data=True):
        if data["kind"] == "type-checking":
            continue
        a, b = _name(src), _name(dst)
        (ga, ra), (gb, rb) = _layer(a), _layer(b)
        if ga != gb and ra <= rb:
            wrong.append(f"{a} -> {b} ({index.file_of(src)}:{data['line']})")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def _own_helpers(rule: str, target: str) -> bool:
    """A rule may import its own area's private helpers (`rules/<area>/_helpers.py`)."""
    package, _, name = target.rpartition(".")
    return name.startswith("_") and rule.rpartition(".")[0] == package


def test_rules_import_only_the_rule_api() -> None:
    index = project_index([ROOT / "auditor", ROOT / "rules"])
    wrong = []
    for src, dst, data in index.graph.edges(data=True):
        a, b = _name(src), _name(dst)
        if not a.startswith("auditor.rules."):
            continue
        if _own_helpers(a, b):
            continue
        if not any(b == ok or b.startswith(ok + ".") for ok in RULE_MAY_IMPORT) and b != "auditor.rules":
            wrong.append(f"{a} -> {b} ({index.file_of(src)}:{data['line']})")
    assert not wrong, "rules must import only the rule API:\n" + "\n".join(wrong)
