"""The HTML report: one self-contained file (inline CSS, JS and SVG, no network) from an AuditResult.

The page has two halves. What is small and static (summary, grades, action plan, charts,
dependency graph, rule pages, run details) is rendered here with Jinja's autoescape. The
findings, which run to tens of thousands on a large repository, are embedded once as JSON
(strings and highlighted snippets deduplicated) and listed lazily by the page's script,
which puts repository text into the page only as text nodes.

Escaping, layer by layer: Jinja escapes every value in markup; Pygments escapes the code it
highlights; the JSON block has `<`, `>` and `&` escaped so no text can close the script
element. The page carries a Content-Security-Policy that allows only its own inline script
(by hash) and no network at all, so a mistake in escaping still cannot run code or fetch
anything. Renders only the result: no source file is read here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable

import jinja2
import networkx as nx
from markupsafe import Markup, escape

from auditor.model import AuditResult, Category, Finding, RuleDoc, Severity
from auditor.report.highlight import highlight, highlight_all

TEMPLATE = "report.html.j2"

SEVERITIES: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: -s.rank))
CATEGORIES: tuple[Category, ...] = tuple(Category)
CONFIDENCES = ("high", "medium", "low")
GRADE_LETTERS = "ABCDEF"
TOP_ACTIONS = 10
MAX_GRAPH_NODES = 40
MAX_ERRORS_SHOWN = 200
RULES_OPEN = 6  # with this many rules or fewer, the rule pages start open

# The columns of one finding row in the embedded JSON (the script reads them by name).
FINDING_FIELDS = (
    "rule",  # index into rules
    "severity",  # index into severities
    "confidence",  # index into confidences
    "category",  # index into categories
    "file",  # index into strings
    "line",
    "column",
    "end_line",
    "title",  # strings
    "message",  # strings
    "snippet",  # index into snippets, -1 for none
    "priority",
    "reason",  # strings
    "scope",  # strings
    "effort",
    "trace",  # index into traces, -1 for none
)


@dataclass(frozen=True)
class RuleEntry:
    """A rule that fired, with its doc (None when the result does not carry it).

    `severity` is that of its most important finding (a finding may be rated above or
    below the rule's default), so the rules section reads in the same order as the findings.
    """

    id: str
    title: str
    category: Category
    severity: Severity
    count: int
    doc: RuleDoc | None

    @property
    def anchor(self) -> str:
        return _anchor(self.id)


def render_html(result: AuditResult) -> str:
    """The report for `result` as one HTML document."""
    return _environment().get_template(TEMPLATE).render(**_context(result))


def _context(result: AuditResult) -> dict[str, object]:
    fired = _rules_fired(result)
    by_severity = result.counts_by_severity()
    sections = result.sections or {}
    return {
        "result": result,
        "total": len(result.findings),
        "errors": result.errors,
        "errors_shown": MAX_ERRORS_SHOWN,
        "rules_fired": fired,
        "rules_open": len(fired) <= RULES_OPEN,
        "severities": SEVERITIES,
        "categories": CATEGORIES,
        "by_severity": by_severity,
        "verdict": _verdict(result, by_severity),
        "by_category": _categories_found(result),
        "category_counts": result.counts_by_category(),
        "stage": _stage(result.stage),
        "grades": _grades(result.grades),
        "debt": _debt(result.findings, sections.get("metrics")),
        "actions": [_action(a) for a in result.actions],
        "top_actions": TOP_ACTIONS,
        "category_chart": category_chart(result.findings),
        "graph": graph_view(sections.get("graph")),
        "hotspots": hotspot_chart(result.hotspots),
        "complex_files": _complex_files(sections.get("metrics")),
        "files_with_findings": len({f.file for f in result.findings}),
        "timings": sorted(result.timings.items(), key=lambda kv: -kv[1]),
        "config_source": _config_source(result),
        "data_json": embed_json(_payload(result, fired)),
    }


# --------------------------------------------------------------------------- summary


def _verdict(result: AuditResult, by_severity: dict[str, int]) -> dict[str, Any]:
    urgent = [(s, by_severity[s.value]) for s in (Severity.CRITICAL, Severity.HIGH)]
    count = sum(n for _, n in urgent)
    return {
        "urgent": count,
        "parts": [f"{n:,} {s.value}" for s, n in urgent if n],
        "rest": len(result.findings) - count,
    }


def _categories_found(result: AuditResult) -> list[tuple[Category, int]]:
    """(category, count) for the categories with findings, most findings first."""
    found = [(Category(k), n) for k, n in result.counts_by_category().items() if n]
    return sorted(found, key=lambda kv: (-kv[1], kv[0].value))


def _stage(stage: dict[str, Any]) -> dict[str, Any] | None:
    if not stage or not stage.get("name"):
        return None
    return {
        "name": str(stage["name"]),
        "chosen_by": str(stage.get("chosen_by") or ""),
        "reasons": [str(r) for r in stage.get("reasons") or ()],
    }


def _grades(grades: dict[str, Any]) -> list[tuple[Category, str]]:
    """(area, letter) for the ten areas in checklist order; "" when not graded."""
    out = []
    for cat in CATEGORIES:
        letter = str(grades.get(cat.value) or "").strip().upper()
        out.append((cat, letter if letter in GRADE_LETTERS and len(letter) == 1 else ""))
    return out


def _debt(findings: Iterable[Finding], metrics: Any) -> dict[str, Any]:
    """Remediation minutes from the findings, by category; and the metrics section's
    project totals (size, debt ratio, rating, duplication, coverage) when present."""
    by_cat: Counter[str] = Counter()
    for f in findings:
        by_cat[f.category.value] += f.effort
    project = metrics.get("project") if isinstance(metrics, dict) else None
    return {
        "minutes": sum(by_cat.values()),
        "by_category": sorted(((Category(k), v) for k, v in by_cat.items() if v), key=lambda kv: -kv[1]),
        "project": project if isinstance(project, dict) else None,
    }


def _config_source(result: AuditResult) -> str:
    """Where the configuration came from, when the result records it."""
    source = getattr(result, "config_source", "") or ""
    run = (result.sections or {}).get("config")
    if not source and isinstance(run, dict):
        source = run.get("source") or ""
    return str(source)


def _action(action: dict[str, Any]) -> dict[str, Any]:
    """An action-plan entry with every field the page shows, and the directory its files
    share (for "show findings")."""
    files_ = [str(f) for f in action.get("files") or ()]
    severity = str(action.get("severity") or "info")
    return {
        "title": str(action.get("title") or action.get("rule") or ""),
        "rule": str(action.get("rule") or ""),
        "category": str(action.get("category") or ""),
        "severity": severity if severity in {s.value for s in Severity} else "info",
        "count": _int(action, "count"),
        "impact": float(action.get("impact") or 0),
        "effort_minutes": _int(action, "effort_minutes"),
        "files": files_,
        "where": _common_dir(files_),
    }


def _common_dir(paths: list[str]) -> str:
    dirs = [posixpath.dirname(p) for p in paths if p]
    if not dirs:
        return ""
    common = posixpath.commonpath(dirs) if all(dirs) else ""
    return common + "/" if common else ""


def _complex_files(metrics: Any, limit: int = 10) -> list[dict[str, Any]]:
    """The most complex production files (from the metrics section), for when there is
    no history to rank hotspots by."""
    files_ = metrics.get("files") if isinstance(metrics, dict) else None
    if not isinstance(files_, dict):
        return []
    rows = []
    for path, m in files_.items():
        if not isinstance(m, dict) or m.get("is_test"):
            continue
        total = sum(int(fn.get("complexity") or 0) for fn in m.get("functions") or ())
        if total:
            rows.append({"file": path, "complexity": total, "sloc": m.get("sloc", 0), "mi": m.get("mi")})
    rows.sort(key=lambda r: (-r["complexity"], r["file"]))
    return rows[:limit]


def _rules_fired(result: AuditResult) -> list[RuleEntry]:
    """Each rule that fired, once, in the order of its most important finding."""
    counts = Counter(f.rule for f in result.findings)
    first: dict[str, Finding] = {}
    for f in result.findings:  # already priority-sorted
        first.setdefault(f.rule, f)
    entries = []
    for rule_id, f in first.items():
        doc = result.rules.get(rule_id)
        entries.append(
            RuleEntry(
                id=rule_id,
                title=doc.title if doc else f.title,
                category=doc.category if doc else f.category,
                severity=f.severity,
                count=counts[rule_id],
                doc=doc,
            )
        )
    return entries


# --------------------------------------------------------------------------- embedded data


class _Interner:
    """A table of distinct values, in order of first use; `add` returns the index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Any, int] = {}

    def add(self, value: Any) -> int:
        index = self._index.get(value)
        if index is None:
            index = self._index[value] = len(self.items)
            self.items.append(value)
        return index


def _payload(result: AuditResult, fired: list[RuleEntry]) -> dict[str, Any]:
    """The findings as compact rows over deduplicated tables (see FINDING_FIELDS)."""
    tables = _Tables(rules={r.id: i for i, r in enumerate(fired)})
    rows = [tables.row(f) for f in result.findings]
    return {
        "fields": list(FINDING_FIELDS),
        "findings": rows,
        "rules": [[r.id, r.title, r.anchor, r.doc is not None] for r in fired],
        "severities": [s.value for s in SEVERITIES],
        "categories": [c.value for c in CATEGORIES],
        "confidences": list(CONFIDENCES),
        "strings": tables.strings.items,
        "snippets": highlight_all(tables.snippets.items),  # the costly part: remembered per user
        "traces": [[list(step) for step in t] for t in tables.traces.items],
    }


_SEVERITY_INDEX = {s: i for i, s in enumerate(SEVERITIES)}
_CATEGORY_INDEX = {c: i for i, c in enumerate(CATEGORIES)}


@dataclass
class _Tables:
    """The deduplicated tables one report's finding rows point into."""

    rules: dict[str, int]
    strings: _Interner = field(default_factory=_Interner)
    snippets: _Interner = field(default_factory=_Interner)
    traces: _Interner = field(default_factory=_Interner)

    def row(self, f: Finding) -> list[Any]:
        """One finding, in the order of FINDING_FIELDS."""
        text = self.strings.add
        trace = tuple((text(s.file), s.line, s.column, text(s.note)) for s in f.trace)
        return [
            self.rules[f.rule],
            _SEVERITY_INDEX[f.severity],
            CONFIDENCES.index(f.confidence.value),
            _CATEGORY_INDEX[f.category],
            text(f.file),
            f.line,
            f.column,
            f.end_line,
            text(f.title),
            text(f.message),
            self.snippets.add(f.snippet.rstrip("\n")) if f.snippet.strip() else -1,
            round(f.priority, 1),
            text(f.priority_reason),
            text(f.scope),
            f.effort,
            self.traces.add(trace) if trace else -1,
        ]




def embed_json(data: Any) -> Markup:
    """JSON that is safe inside a <script> element: `<`, `>` and `&` are escaped as
    \\u003c \\u003e \\u0026 (the same string to JSON.parse), so no text can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # str.replace, not str.translate: translate looks every character up in a dict
    # (1.2 s on a 9 MB payload; three replaces 0.17 s).
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)  # nosec B704: no <, > or & left


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Bar:
    """One stacked bar: a category's findings by severity (segments: severity, x, width, n)."""

    category: Category
    total: int
    segments: tuple[tuple[str, float, float, int], ...]


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    row: int
    label_width: int
    plot_width: int

    @property
    def height(self) -> int:
        return self.row * len(self.bars) + 4


def category_chart(findings: Iterable[Finding], width: int = 1000, row: int = 26) -> BarChart:
    """Findings by category (rows, most first) and severity (stacked segments)."""
    counts: dict[Category, Counter[str]] = {}
    for f in findings:
        counts.setdefault(f.category, Counter())[f.severity.value] += 1
    label_width, number_width = 140, 60
    plot = width - label_width - number_width
    top = max((sum(c.values()) for c in counts.values()), default=0)
    bars = []
    for cat, by_sev in sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0].value)):
        x, segments = 0.0, []
        for sev in SEVERITIES:
            n = by_sev.get(sev.value, 0)
            if n:
                w = plot * n / top
                segments.append((sev.value, round(label_width + x, 1), round(max(w, 1.5), 1), n))
                x += w
        bars.append(Bar(cat, sum(by_sev.values()), tuple(segments)))
    return BarChart(tuple(bars), width, row, label_width, plot)


@dataclass(frozen=True)
class Point:
    file: str
    x: float
    y: float
    r: float
    complexity: int
    churn: int
    score: float
    label: str  # "" when not labelled on the chart


@dataclass(frozen=True)
class Scatter:
    points: tuple[Point, ...]
    rows: tuple[dict[str, Any], ...]
    width: int = 1000
    height: int = 360
    left: int = 60
    bottom: int = 318
    top: int = 14
    right: int = 960
    x_ticks: tuple[tuple[float, str], ...] = ()
    y_ticks: tuple[tuple[float, str], ...] = ()


def hotspot_chart(hotspots: Iterable[dict[str, Any]], labelled: int = 6) -> Scatter | None:
    """Complexity (x) against churn (y), one circle per hotspot file; None without any."""
    rows = tuple(
        {"file": str(h["file"]), "churn": _int(h, "churn"), "complexity": _int(h, "complexity"), "score": float(h.get("score") or 0)}
        for h in hotspots
        if isinstance(h, dict) and h.get("file")
    )
    if not rows:
        return None
    base = Scatter((), rows)
    max_x = _nice_max(max(_int(h, "complexity") for h in rows))
    max_y = _nice_max(max(_int(h, "churn") for h in rows))
    sx = (base.right - base.left) / max_x
    sy = (base.bottom - base.top) / max_y
    points = []
    for i, h in enumerate(rows):
        score = max(0.0, min(float(h.get("score") or 0), 1.0))
        points.append(
            Point(
                file=str(h["file"]),
                x=round(base.left + _int(h, "complexity") * sx, 1),
                y=round(base.bottom - _int(h, "churn") * sy, 1),
                r=round(4 + 8 * score, 1),
                complexity=_int(h, "complexity"),
                churn=_int(h, "churn"),
                score=score,
                label=posixpath.basename(str(h["file"])) if i < labelled else "",
            )
        )
    x_ticks = tuple((round(base.left + v * sx, 1), f"{v:g}") for v in _ticks(max_x))
    y_ticks = tuple((round(base.bottom - v * sy, 1), f"{v:g}") for v in _ticks(max_y))
    # largest first so small circles stay on top and clickable
    points.sort(key=lambda p: -p.r)
    return Scatter(tuple(points), rows, x_ticks=x_ticks, y_ticks=y_ticks)


def _int(data: dict[str, Any], key: str) -> int:
    """`data[key]` as an int; 0 when absent or not a number."""
    try:
        return int(data.get(key) or 0)
    except (TypeError, ValueError):
        return 0


def _nice_max(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above `value` (at least 1)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def _ticks(top: float, count: int = 5) -> list[float]:
    return [top * i / count for i in range(count + 1)]


# --------------------------------------------------------------------------- dependency graph

NODE_HEIGHT = 22
ROW_GAP = 10
COLUMN_GAP = 72
CHAR_WIDTH = 6.6  # of the 11px monospace label font, for sizing boxes
LABEL_CHARS = 30


@dataclass(frozen=True)
class GraphNode:
    name: str
    label: str
    x: float
    y: float
    width: float
    modules: int
    lines: int
    in_cycle: bool


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    path: str
    arrow: str
    width: float
    count: int
    cycle: bool


@dataclass(frozen=True)
class GraphView:
    """The package graph laid out for SVG, and the table of every package."""

    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()
    width: float = 0
    height: float = 0
    table: tuple[dict[str, Any], ...] = ()
    cycles: tuple[tuple[str, ...], ...] = ()
    total_nodes: int = 0
    total_edges: int = 0
    source: str = ""  # "packages" (the section's view) or "modules" (collapsed here)


def graph_view(section: Any, limit: int = MAX_GRAPH_NODES) -> GraphView | None:
    """The package-level dependency graph of the `graph` section, or None without one.

    Collapsed to packages, the `limit` most connected drawn in layered columns (importers
    left of what they import; cycles in one column, in red); every package in the table.
    """
    graph, source = _package_graph(section)
    if graph is None:
        return None
    cycles = tuple(sorted(tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1))
    cyclic = {p for c in cycles for p in c}
    shown = _most_connected(graph, limit)
    sub = _subgraph(graph, shown)
    nodes, width, height = _layout(sub, cyclic)
    by_name = {n.name: n for n in nodes}
    edges = tuple(_edge(by_name[u], by_name[v], int(c or 1), u in cyclic and _same_cycle(u, v, cycles)) for u, v, c in sorted(sub.edges(data="count")))
    return GraphView(
        nodes=tuple(sorted(nodes, key=lambda n: n.name)),
        edges=edges,
        width=round(width, 1),
        height=round(height, 1),
        table=tuple(_package_rows(graph, shown, cyclic)),
        cycles=cycles,
        total_nodes=graph.number_of_nodes(),
        total_edges=graph.number_of_edges(),
        source=source,
    )


def _subgraph(graph: nx.DiGraph, shown: set[str]) -> nx.DiGraph:
    """The packages `shown` and the edges between them, in the graph's own order.
    (`graph.subgraph(shown)` iterates the set when it is the smaller side: the order, and
    with it the layout, would change with the string hash seed from run to run.)"""
    sub = nx.DiGraph()
    sub.add_nodes_from((n, data) for n, data in graph.nodes(data=True) if n in shown)
    sub.add_edges_from((u, v, data) for u, v, data in graph.edges(data=True) if u in shown and v in shown)
    return sub


def _same_cycle(u: str, v: str, cycles: tuple[tuple[str, ...], ...]) -> bool:
    return any(u in c and v in c for c in cycles)


def _package_graph(section: Any) -> tuple[nx.DiGraph | None, str]:
    """The section's package view as a graph; or one collapsed from its module nodes."""
    if not isinstance(section, dict):
        return None, ""
    packages = section.get("packages")
    if isinstance(packages, dict) and packages.get("nodes"):
        return _packages_graph(packages), "packages"
    if section.get("nodes"):
        return _collapse_modules(section), "modules"
    return None, ""


def _packages_graph(packages: dict[str, Any]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for node in packages["nodes"]:
        graph.add_node(str(node["package"]), **{k: v for k, v in node.items() if k != "package"})
    for edge in packages.get("edges") or ():
        graph.add_edge(str(edge["from"]), str(edge["to"]), count=_int(edge, "count") or 1)
    return graph


def _collapse_modules(section: dict[str, Any], depth: int = 2) -> nx.DiGraph:
    """Packages (first `depth` dotted parts of each module's package) and the runtime
    imports between them, from the section's module nodes and edges."""
    graph = nx.DiGraph()
    owner: dict[str, str] = {}
    for node in section["nodes"]:
        module = str(node.get("module") or "")
        package = owner[module] = _package_of(module, str(node.get("file") or ""), depth)
        if package not in graph:
            graph.add_node(package, modules=0, lines=0)
        graph.nodes[package]["modules"] += 1
        graph.nodes[package]["lines"] += _int(node, "lines")
    for edge in section.get("edges") or ():
        a, b = owner.get(str(edge[0])), owner.get(str(edge[1]))
        if a is None or b is None or a == b or (len(edge) > 2 and edge[2] == "type-checking"):
            continue
        count = graph.edges[a, b]["count"] + 1 if graph.has_edge(a, b) else 1
        graph.add_edge(a, b, count=count)
    return graph


def _package_of(module: str, file: str, depth: int) -> str:
    """`shop.db.models` -> `shop.db`; a package (`__init__.py`) counts as itself."""
    parts = module.split(".")
    if not file.endswith("__init__.py") and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts[:depth])


def _most_connected(graph: nx.DiGraph, limit: int) -> set[str]:
    """The `limit` packages with the most connections (then the most lines)."""
    if graph.number_of_nodes() <= limit:
        return set(graph.nodes)
    ranked = sorted(graph.nodes, key=lambda p: (-graph.degree(p), -int(graph.nodes[p].get("lines") or 0), p))
    return set(ranked[:limit])


def _layout(graph: nx.DiGraph, cyclic: set[str]) -> tuple[list[GraphNode], float, float]:
    """Layered layout: columns from the topological generations of the condensation
    (strongly connected components share a column), rows ordered by barycenter."""
    columns = _columns(graph)
    _order_columns(graph, columns)
    widths = [max((_label_width(n) for n in col), default=0) for col in columns]
    tallest = max((len(col) for col in columns), default=0)
    height = tallest * (NODE_HEIGHT + ROW_GAP) + ROW_GAP
    nodes, x = [], 10.0
    for col, col_width in zip(columns, widths):
        offset = (height - len(col) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP) / 2
        for row, name in enumerate(col):
            y = offset + ROW_GAP + row * (NODE_HEIGHT + ROW_GAP)
            data = graph.nodes[name]
            nodes.append(
                GraphNode(
                    name=name,
                    label=_short(name),
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(col_width, 1),
                    modules=int(data.get("modules") or 0),
                    lines=int(data.get("lines") or 0),
                    in_cycle=name in cyclic,
                )
            )
        x += col_width + COLUMN_GAP
    return nodes, max(x - COLUMN_GAP + 40, 200.0), max(height, 60.0)


def _columns(graph: nx.DiGraph) -> list[list[str]]:
    if graph.number_of_nodes() == 0:
        return []
    dag = nx.condensation(graph)
    columns = []
    for generation in nx.topological_generations(dag):  # a set of components: by their names
        components = sorted(sorted(dag.nodes[c]["members"]) for c in generation)
        members = [m for component in components for m in component]
        columns.append(members)
    return columns


def _order_columns(graph: nx.DiGraph, columns: list[list[str]], sweeps: int = 4) -> None:
    """Reduce crossings: sort each column by the mean row of its neighbours in the column
    before (sweeping right) or after (sweeping left)."""
    for sweep in range(sweeps):
        order = range(1, len(columns)) if sweep % 2 == 0 else range(len(columns) - 2, -1, -1)
        for i in order:
            ref = columns[i - 1] if sweep % 2 == 0 else columns[i + 1]
            rows = {n: r for r, n in enumerate(ref)}
            columns[i] = _by_barycenter(graph, columns[i], rows)


def _by_barycenter(graph: nx.DiGraph, column: list[str], rows: dict[str, int]) -> list[str]:
    def center(index_name: tuple[int, str]) -> tuple[float, int]:
        index, name = index_name
        near = [rows[n] for n in (*graph.predecessors(name), *graph.successors(name)) if n in rows]
        return (sum(near) / len(near) if near else float(index), index)

    return [name for _, name in sorted(enumerate(column), key=center)]


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else "…" + name[-(LABEL_CHARS - 1):]


def _label_width(name: str) -> float:
    return len(_short(name)) * CHAR_WIDTH + 16


def _edge(a: GraphNode, b: GraphNode, count: int, cycle: bool) -> GraphEdge:
    """A curve from the right of `a` to the left of `b`; within a column (a cycle), an
    arc out to the right and back."""
    ya, yb = a.y + NODE_HEIGHT / 2, b.y + NODE_HEIGHT / 2
    width = round(min(1 + math.log2(count), 4.0), 2)
    if abs(a.x - b.x) < 1:
        x = a.x + a.width
        bulge = x + 24 + min(abs(yb - ya) / 6, 40)
        path = f"M{x:.1f},{ya:.1f} C{bulge:.1f},{ya:.1f} {bulge:.1f},{yb:.1f} {x + 6:.1f},{yb:.1f}"
        return GraphEdge(a.name, b.name, path, _arrow(x, yb, left=True), width, count, cycle)
    x1, x2 = a.x + a.width, b.x
    mid = (x1 + x2) / 2
    if x2 < x1:  # cannot happen in a layered layout; draw straight
        mid = x1
    path = f"M{x1:.1f},{ya:.1f} C{mid:.1f},{ya:.1f} {mid:.1f},{yb:.1f} {x2 - 6:.1f},{yb:.1f}"
    return GraphEdge(a.name, b.name, path, _arrow(x2, yb), width, count, cycle)


def _arrow(x: float, y: float, left: bool = False) -> str:
    """The points of a small arrowhead with its tip at (x, y), pointing right (or left)."""
    back = x + 7 if left else x - 7
    return f"{x:.1f},{y:.1f} {back:.1f},{y - 4:.1f} {back:.1f},{y + 4:.1f}"


def _package_rows(graph: nx.DiGraph, shown: set[str], cyclic: set[str]) -> Iterable[dict[str, Any]]:
    """Every package, most connected first, for the table under the drawing."""
    for name in sorted(graph.nodes, key=lambda p: (-graph.degree(p), p)):
        data = graph.nodes[name]
        ca, ce = graph.in_degree(name), graph.out_degree(name)
        yield {
            "name": name,
            "modules": int(data.get("modules") or 0),
            "lines": int(data.get("lines") or 0),
            "ca": ca,
            "ce": ce,
            "instability": round(ce / (ca + ce), 2) if ca + ce else 0.0,
            "shown": name in shown,
            "cycle": name in cyclic,
        }


# --------------------------------------------------------------------------- environment


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The compiled templates, kept per user (`<user cache>/templates`): compiling the
    report's templates costs ~0.15 s a run, a tenth of a run whose result is cached.
    Jinja keys each entry by the template's source checksum and its own version; a file
    it cannot load is compiled afresh, and one another user owns is not loaded (it is
    code). None (compile each run) if the folder cannot be made."""
    from auditor.cache import user_cache_dir

    try:
        directory = user_cache_dir() / "templates"
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return _OwnBytecodeCache(str(directory))


class _OwnBytecodeCache(jinja2.FileSystemBytecodeCache):
    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from auditor.cache import owned_by_us

        if owned_by_us(Path(self._get_cache_filename(bucket))):
            super().load_bytecode(bucket)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    package = files("auditor.templates")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: package.joinpath(name).read_text("utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(
        code=_code,
        prose=_prose,
        inline=_inline,
        label=_label,
        duration=_duration,
        minutes=_minutes,
        csp_hash=_csp_hash,
        safe_url=_safe_url,
        anchor=_anchor,
        quantity=_quantity,
        number=_number,
    )
    return env


@lru_cache(maxsize=4096)
def _code(text: str) -> Markup:
    """Python source highlighted by Pygments (which escapes it), as a Markup string.

    One line of output per line of input, each with its spans closed (Pygments splits
    multi-line tokens), so the page can number and mark lines by splitting on newlines.
    """
    return Markup(highlight(text))  # nosec B704: Pygments escapes


_BACKTICKS = re.compile(r"`([^`\n]+)`")
_BULLET = re.compile(r"^\s*[-*]\s+")


def _inline(text: str) -> Markup:
    """One line of text, escaped, with `code` spans as <code> (finding messages, prose)."""
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", str(escape(text))))  # nosec B704: escaped first


def _prose(text: str) -> Markup:
    """Rule prose as HTML: blank-line paragraphs, `- ` bullet lists, `code` spans.

    The text is escaped first; only then are the tags added.
    """

    def inline(part: str) -> str:
        return str(_inline(part.strip()))

    out = []
    for block in re.split(r"\n\s*\n", text or ""):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{inline(_BULLET.sub('', line))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{inline(' '.join(line.strip() for line in lines))}</p>")
    return Markup("\n".join(out))  # nosec B704: every part built from escaped text


def _label(value: Category | Severity | str) -> str:
    """`error-handling` -> `Error handling`, `Severity.HIGH` -> `High`."""
    raw = value.value if isinstance(value, (Category, Severity)) else str(value)
    return raw.replace("-", " ").capitalize()


def _duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 120:
        return f"{seconds:.1f} s"
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"


def _minutes(minutes: int) -> str:
    """Remediation effort: `45 min`, `6 h 30 min`, `12.5 days` (8-hour days)."""
    minutes = int(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 8 * 5:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{minutes / 480:,.1f} days"


def _number(value: Any) -> str:
    """`12345` -> `12,345`; floats keep one decimal."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def _quantity(n: int, noun: str) -> str:
    """`1 finding`, `1,204 findings`."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _safe_url(url: str) -> str | None:
    """The URL if it is a plain http(s) link (rule refs), else None: rendered as text."""
    return url if re.match(r"^https?://[^\s\"'<>]+$", url or "") else None


def _anchor(rule_id: str) -> str:
    """A fragment id for a rule; ids are [A-Z0-9] by contract, anything else is replaced."""
    return "rule-" + re.sub(r"[^A-Za-z0-9_-]", "_", rule_id)


__all__ = ["render_html", "embed_json", "graph_view", "hotspot_chart", "category_chart"]
