"""The HTML report: escaping, self-containment, and behaviour in a real browser.

The browser tests drive Debian's Chromium through Playwright (sync API). They are skipped,
with a reason, only when /usr/bin/chromium is absent; CI installs it. Screenshots go to
tests/artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import pytest
from conftest import make_repo, run_cli

from auditor.model import (
    AuditResult,
    Category,
    Confidence,
    ErrorKind,
    Example,
    FileError,
    Finding,
    RuleDoc,
    Severity,
    TraceStep,
)
from auditor.report.html import graph_view, render_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "</script><img src=x onerror=alert(1)>"
WHY_SEC = "A request with no timeout waits forever when the server stalls; the worker is lost."


# --------------------------------------------------------------------------- data


def _doc(rule_id: str, title: str, category: Category, severity: Severity, **kw: object) -> RuleDoc:
    return RuleDoc(
        id=rule_id,
        name=re.sub(r"\W+", "-", title.lower()).strip("-"),
        title=title,
        category=category,
        severity=severity,
        confidence=Confidence.HIGH,
        **kw,  # type: ignore[arg-type]
    )


RULES = {
    "SEC001": _doc(
        "SEC001", "Shell command built from input", Category.SECURITY, Severity.CRITICAL,
        cwe=(78,), why="The shell parses the string: input becomes code.",
        fix="Pass a list of arguments and `shell=False`.",
        example=Example(before='run(f"ls {d}", shell=True)\n', after='run(["ls", d])\n'),
        refs=("https://cwe.mitre.org/data/definitions/78.html",), effort=30,
    ),
    "SEC012": _doc(
        "SEC012", "HTTP request without a timeout", Category.SECURITY, Severity.HIGH,
        cwe=(400,), why=WHY_SEC, fix="Pass `timeout=(3.05, 30)` on every call.",
        example=Example(before="requests.get(url)\n", after="requests.get(url, timeout=(3.05, 30))\n"),
        refs=("javascript:alert(1)",),  # not an http(s) link: must render as text
    ),
    "ERR001": _doc(
        "ERR001", "Bare except swallows every error", Category.ERROR_HANDLING, Severity.MEDIUM,
        why="`except:` also catches `KeyboardInterrupt`.\n\n- hides bugs\n- blocks Ctrl-C",
        fix="Catch the exceptions you expect.",
        example=Example(before="try:\n    run()\nexcept:\n    pass\n", after="try:\n    run()\nexcept ValueError:\n    log.warning('bad')\n"),
    ),
    "MNT003": _doc("MNT003", "Function too long", Category.MAINTAINABILITY, Severity.LOW),
    # PERF404 fires below but has no doc in the result: the report must cope.
}

TRACE = (
    TraceStep("app/views.py", 12, 11, "`request.args['name']` read (request data)"),
    TraceStep("app/views.py", 14, 4, f"passed to convert(name) {XSS_SCRIPT}"),
    TraceStep("app/tasks.py", 88, 4, "run by the shell (`shell=True`)"),
)


def _finding(
    rule: str,
    severity: Severity,
    category: Category,
    file: str,
    line: int,
    message: str,
    snippet: str = "",
    title: str | None = None,
    priority: float = 0.0,
    **kw: Any,
) -> Finding:
    return Finding(
        rule=rule,
        title=title or RULES[rule].title,
        category=category,
        severity=severity,
        confidence=Confidence.HIGH,
        file=file,
        line=line,
        column=5,
        end_line=line + snippet.count("\n"),
        end_column=30,
        message=message,
        snippet=snippet,
        scope="handler",
        priority=priority,
        priority_reason=f"{severity.value}, high confidence; production code",
        effort=10,
        **kw,
    )


HOSTILE_FILE = f"app/{XSS_SCRIPT}.py"
FINDINGS = (
    _finding("SEC001", Severity.CRITICAL, Category.SECURITY, "app/tasks.py", 88,
             "subprocess.run() with shell=True and a command built from request data.",
             'subprocess.run(f"convert {name} out.png", shell=True)', priority=100.0, trace=TRACE),
    _finding("SEC012", Severity.HIGH, Category.SECURITY, "app/client.py", 42,
             "requests.get() has no timeout.", "resp = requests.get(\n    url,\n)", priority=70.0),
    _finding("SEC012", Severity.HIGH, Category.SECURITY, HOSTILE_FILE, 7,
             f"hostile message {XSS_SCRIPT} and `{XSS_IMG}`",  # `code` span too
             f"x = '{XSS_SCRIPT}'\ny = \"{XSS_IMG}\"", priority=69.5),
    _finding("ERR001", Severity.MEDIUM, Category.ERROR_HANDLING, "app/jobs/worker.py", 120,
             "Bare `except:` swallows every error.", "try:\n    job.run()\nexcept:\n    pass", priority=40.0),
    _finding("PERF404", Severity.MEDIUM, Category.PERFORMANCE, "app/db.py", 15,
             "Query inside a loop (N+1).", "for u in users:\n    q = s.query(Order).all()",
             title="Query in a loop", priority=36.0),
    _finding("MNT003", Severity.LOW, Category.MAINTAINABILITY, "app/views.py", 200,
             "handle_request is 184 lines long (limit 80).", "def handle_request(request):", priority=15.0),
    _finding("SEC012", Severity.INFO, Category.SECURITY, "tests/test_client.py", 3,
             "requests.get() has no timeout (test code).", "requests.get(URL)", priority=1.1),
)

HOSTILE_PACKAGE = f"evil{XSS_IMG}"
GRAPH = {
    "nodes": [],
    "edges": [],
    "packages": {
        "depth": 2,
        "nodes": [
            {"package": p, "modules": m, "lines": m * 100, "ca": 0, "ce": 0, "instability": 0.0}
            for p, m in (("app", 6), ("app.jobs", 2), ("app.db", 3), ("lib", 4), (HOSTILE_PACKAGE, 1))
        ],
        "edges": [
            {"from": "app", "to": "app.db", "count": 4, "cycle": True},
            {"from": "app.db", "to": "app", "count": 1, "cycle": True},
            {"from": "app.jobs", "to": "app", "count": 2, "cycle": False},
            {"from": "app", "to": "lib", "count": 7, "cycle": False},
            {"from": HOSTILE_PACKAGE, "to": "lib", "count": 1, "cycle": False},
        ],
        "cycles": [["app", "app.db"]],
    },
}
GRAPH_NODES, GRAPH_EDGES = 5, 5

HOTSPOTS = (
    {"file": "app/tasks.py", "churn": 42, "complexity": 88, "score": 1.0},
    {"file": HOSTILE_FILE, "churn": 12, "complexity": 30, "score": 0.4},
    {"file": "app/views.py", "churn": 5, "complexity": 61, "score": 0.3},
)

ACTIONS = tuple(
    {
        "title": title,
        "rule": rule,
        "category": cat,
        "severity": sev,
        "count": n,
        "impact": impact,
        "effort_minutes": 10 * n,
        "value": impact / (10 * n),
        "files": files,
    }
    for title, rule, cat, sev, n, impact, files in (
        ("Shell command built from input: 1 finding in app/", "SEC001", "security", "critical", 1, 100.0, ["app/tasks.py"]),
        (f"HTTP request without a timeout: 2 findings in app/ {XSS_SCRIPT}", "SEC012", "security", "high", 2, 139.5, ["app/client.py", HOSTILE_FILE]),
        ("Bare except: 1 finding in app/jobs/", "ERR001", "error-handling", "medium", 1, 40.0, ["app/jobs/worker.py"]),
    )
) + tuple(
    {"title": f"Filler action {i}", "rule": "MNT003", "category": "maintainability", "severity": "low", "count": 1,
     "impact": 1.0, "effort_minutes": 10, "value": 0.1, "files": [f"app/f{i}.py", "app/a.py", "app/b.py", "app/c.py", "app/d.py"]}
    for i in range(9)
)

METRICS = {
    "project": {
        "files": 1234, "loc": 120000, "sloc": 98765, "functions": 4000, "duplicated_lines": 900,
        "duplicated_lines_percent": 3.2, "type_hint_coverage": 61.5, "docstring_coverage": 40.2,
        "debt_minutes": 95, "debt_ratio": 0.0321, "rating": "A",
    },
    "files": {},
}


def make_result(
    findings: tuple[Finding, ...] = FINDINGS,
    errors: tuple[FileError, ...] | None = None,
    **kw: Any,
) -> AuditResult:
    if errors is None:
        errors = (
            FileError("legacy/py2.py", ErrorKind.PARSE, "syntax error at line 3: print 'x'"),
            FileError(f"bad/{XSS_IMG}.py", ErrorKind.RULE_CRASH, f"boom {XSS_SCRIPT}", rule="SEC012"),
        )
    fields: dict[str, Any] = dict(
        root="/home/dev/shop",
        findings=findings,
        errors=errors,
        rules=dict(RULES),
        files_analyzed=1234,
        lines_analyzed=98765,
        duration=3.42,
        timings={"parse": 1.2, "rules": 1.8},
        tool_version="9.9.9-test",
        sections={"graph": GRAPH, "metrics": METRICS},
        stage={"name": "scaling", "chosen_by": "auto", "reasons": ["12,000 lines of non-test Python", f"CI configuration {XSS_SCRIPT}"]},
        grades={"security": "D", "performance": "B", "error-handling": "C", "maintainability": "A", "testing": "F"},
        actions=ACTIONS,
        hotspots=HOTSPOTS,
    )
    fields.update(kw)
    return AuditResult(**fields)


class _Tree(HTMLParser):
    """Collects tags (with attributes), script bodies and text, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._raw = tag
            if tag == "script":
                self.scripts.append((dict(attrs), ""))
            else:
                self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif self._raw == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        """Attributes of every `tag` element."""
        return [attrs for t, attrs in self.tags if t == tag]

    def attribute_values(self, name: str) -> list[str]:
        """Every value of attribute `name`, on any element."""
        return [v or "" for _, attrs in self.tags for k, v in attrs.items() if k == name]

    def event_handlers(self) -> list[str]:
        return [k for _, attrs in self.tags for k in attrs if k.lower().startswith("on")]

    def all_text(self) -> str:
        return "".join(self.text)

    def code(self) -> str:
        """The one executable script."""
        (body,) = [b for attrs, b in self.scripts if attrs.get("type") is None]
        return body

    def data(self) -> dict[str, Any]:
        """The embedded findings data, parsed as the page's script parses it."""
        (body,) = [b for attrs, b in self.scripts if attrs.get("id") == "report-data"]
        return json.loads(body)


def parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


# --------------------------------------------------------------------------- static checks


def test_hostile_repo_text_cannot_become_markup() -> None:
    html = render_html(make_result())
    tree = parse(html)
    assert len(tree.scripts) == 2, "the data block and the report's own script, nothing else"
    assert [attrs.get("type") for attrs, _ in tree.scripts] == ["application/json", None]
    assert "alert(" not in tree.code()
    assert tree.find("img") == []
    assert tree.event_handlers() == []
    # a non-http reference is text, never a link
    assert "javascript:alert(1)" in tree.all_text()
    assert not any(href.startswith("javascript") for href in tree.attribute_values("href"))


def test_embedded_data_is_escaped_and_round_trips() -> None:
    html = render_html(make_result())
    raw = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert raw is not None
    body = raw.group(1)
    assert not re.search(r"[<>&]", body), "<, > and & are escaped: no text can close the element"
    assert "\\u003c/script\\u003e" in body
    data = json.loads(body)
    assert HOSTILE_FILE in data["strings"]
    assert f"hostile message {XSS_SCRIPT} and `{XSS_IMG}`" in data["strings"]
    assert f"passed to convert(name) {XSS_SCRIPT}" in data["strings"]
    assert len(data["findings"]) == len(FINDINGS)
    row = dict(zip(data["fields"], data["findings"][0]))
    assert data["rules"][row["rule"]][0] == "SEC001"
    assert row["priority"] == 100.0 and data["strings"][row["reason"]] == "critical, high confidence; production code"
    assert [data["strings"][s[0]] for s in data["traces"][row["trace"]]] == ["app/views.py", "app/views.py", "app/tasks.py"]


def test_snippets_are_highlighted_server_side_and_escaped() -> None:
    data = parse(render_html(make_result())).data()
    hostile = data["snippets"][dict(zip(data["fields"], data["findings"][2]))["snippet"]]
    assert "&lt;script&gt;" in hostile and "<script" not in hostile
    assert '<span class="' in hostile, "Pygments markup"
    assert hostile.count("\n") == 1, "one line of markup per line of code"


def test_repeated_strings_and_snippets_are_stored_once() -> None:
    same = tuple(
        _finding("SEC012", Severity.HIGH, Category.SECURITY, "app/client.py", 10 + i, "requests.get() has no timeout.", "requests.get(url)")
        for i in range(50)
    )
    data = parse(render_html(make_result(findings=same))).data()
    assert len(data["findings"]) == 50
    assert len(data["snippets"]) == 1
    assert data["strings"].count("app/client.py") == 1
    assert len(data["strings"]) < 10


def test_report_is_self_contained_and_locked_down() -> None:
    html = render_html(make_result())
    tree = parse(html)
    assert tree.attribute_values("src") == [], "nothing is loaded from anywhere"
    assert [link.get("href") for link in tree.find("link")] == ["data:,"]
    assert "@import" not in html
    assert all("url(" not in css for css in tree.styles), "CSS must not fetch anything"
    assert "url(" not in " ".join(tree.attribute_values("style"))
    (csp,) = [m["content"] for m in tree.find("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in str(csp)
    digest = base64.b64encode(hashlib.sha256(tree.code().encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in str(csp), "the CSP allows exactly the inline script"


def test_sections_and_rule_pages() -> None:
    html = render_html(make_result())
    assert html.count(WHY_SEC) == 1  # three SEC012 findings, one doc
    tree = parse(html)
    ids = tree.attribute_values("id")
    assert len(ids) == len(set(ids)), "ids are unique"
    assert {"summary", "actions", "findings", "graph", "hotspots", "rules", "run", "errors"} <= set(ids)
    assert {"rule-SEC001", "rule-SEC012", "rule-ERR001", "rule-MNT003", "rule-PERF404"} <= set(ids)
    # the undocumented rule still has an entry, saying so
    assert "carries no documentation for PERF404" in html
    # prose markup: `code` spans and bullet lists
    assert "<code>shell=False</code>" in html
    assert "<li>hides bugs</li>" in html


def test_empty_result_renders_every_section() -> None:
    html = render_html(make_result(findings=(), errors=(), sections={}, stage={}, grades={}, actions=(), hotspots=()))
    for section in ("summary", "actions", "findings", "graph", "hotspots", "rules", "run", "errors"):
        assert f'id="{section}"' in html
    text = parse(html).all_text()
    assert "No findings" in text and "Every file was analysed." in text
    assert "No dependency graph in this result" in text
    assert "No hotspots" in text
    assert 'id="finding-list"' not in html


@pytest.mark.parametrize(
    "changes",
    [
        {"sections": {"metrics": {"project": {"rating": "B"}}}},
        {"sections": {"metrics": {"project": {}}, "graph": {"packages": {"nodes": []}, "nodes": []}}},
        {"sections": {"graph": {"packages": {"nodes": [{"package": "solo"}], "edges": []}}}},
        {"sections": {"metrics": {"files": {"a.py": {"functions": [{"complexity": 3}]}}}}, "hotspots": ()},
        {"hotspots": ({"file": "x.py"},), "actions": ({"title": "t", "rule": "SEC001"},)},
        {"stage": {"name": "mvp"}, "grades": {"security": "Z"}},
    ],
)
def test_partial_sections_degrade_gracefully(changes: dict[str, Any]) -> None:
    """Sections from other analyses may be missing fields or still changing."""
    text = parse(render_html(make_result(**changes))).all_text()
    assert "Findings" in text and "Run details" in text


def test_rendering_is_deterministic() -> None:
    assert render_html(make_result()) == render_html(make_result())


def _big_package_graph(n: int) -> dict[str, Any]:
    """`n` packages: a chain of layers, fan-in to a core, and one 3-package cycle."""
    names = [f"proj.p{i:03d}" for i in range(n)]
    edges = [{"from": names[i], "to": names[i // 2], "count": 1 + i % 5} for i in range(1, n)]
    edges += [{"from": names[1], "to": names[2], "count": 1}, {"from": names[2], "to": names[3], "count": 1},
              {"from": names[3], "to": names[1], "count": 2}]
    nodes = [{"package": p, "modules": 1 + i % 7, "lines": 100 * (1 + i % 11)} for i, p in enumerate(names)]
    return {"nodes": [], "edges": [], "packages": {"nodes": nodes, "edges": edges, "cycles": []}}


@pytest.mark.parametrize("size", [20, 300])
def test_graph_layout_is_readable_at_any_size(size: int) -> None:
    view = graph_view(_big_package_graph(size))
    assert view is not None
    assert view.total_nodes == size and len(view.table) == size
    assert len(view.nodes) == min(size, 40), "at most 40 packages drawn; the table has every one"
    assert sum(row["shown"] for row in view.table) == len(view.nodes)
    drawn = {n.name: n for n in view.nodes}
    assert {"proj.p001", "proj.p002", "proj.p003"} <= {n.name for n in view.nodes if n.in_cycle}
    assert view.cycles == (("proj.p001", "proj.p002", "proj.p003"),)
    for edge in view.edges:
        a, b = drawn[edge.source], drawn[edge.target]
        if edge.cycle:
            assert a.x == b.x, "a cycle shares a column"
        else:
            assert a.x < b.x, "importers left of what they import"
    # no two boxes overlap
    boxes = sorted((n.x, n.y) for n in view.nodes)
    assert len(boxes) == len(set(boxes))


def test_graph_layout_does_not_depend_on_the_string_hash_seed() -> None:
    """Drawn packages are a set; the layout must not follow its iteration order, which
    changes from one interpreter to the next (the same tree gave another page each run)."""
    code = (
        "import json, sys\n"
        "from dataclasses import asdict\n"
        "from auditor.report.html import graph_view\n"
        "print(json.dumps(asdict(graph_view(json.loads(sys.stdin.read())))))\n"
    )
    section = json.dumps(_big_package_graph(300))
    views = {
        subprocess.run(
            [sys.executable, "-c", code], input=section, capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(views) == 1 and '"nodes"' in views.pop()


def test_graph_collapses_module_nodes_without_a_packages_view() -> None:
    section = {
        "nodes": [
            {"module": m, "file": m.replace(".", "/") + ".py", "lines": 10}
            for m in ("shop.api.views", "shop.api.urls", "shop.db.models", "shop.db.query", "shop.cli")
        ],
        "edges": [
            ["shop.api.views", "shop.db.models", "runtime", 1],
            ["shop.api.urls", "shop.api.views", "runtime", 1],
            ["shop.db.query", "shop.api.views", "type-checking", 3],  # not a runtime dependency
            ["shop.cli", "shop.db.query", "runtime", 2],
        ],
    }
    view = graph_view(section)
    assert view is not None and view.source == "modules"
    assert sorted(n.name for n in view.nodes) == ["shop", "shop.api", "shop.db"]
    assert sorted((e.source, e.target) for e in view.edges) == [("shop", "shop.db"), ("shop.api", "shop.db")]
    assert view.cycles == ()
    assert graph_view(None) is None and graph_view({}) is None


# --------------------------------------------------------------------------- browser


def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, for the length of a test module."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


class Watched:
    """A page with every console message, page error, dialog and request recorded."""

    def __init__(self, browser: Browser, color_scheme: str = "light", height: int = 900) -> None:
        self.context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": height})  # type: ignore[arg-type]
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.dialogs == []
        assert self.requests == [self.url], "the report must not fetch anything"
        assert self.page.locator("img").count() == 0

    def rules(self) -> list[str]:
        """The rule of each finding listed, in order."""
        return self.page.eval_on_selector_all("#finding-list > .finding", "els => els.map(e => e.dataset.rule)")

    def files(self) -> list[str]:
        return self.page.eval_on_selector_all("#finding-list > .finding .f-file", "els => els.map(e => e.textContent)")

    def status(self) -> str:
        return self.page.locator("#filter-count").inner_text()


def shoot(page: Page, name: str, selector: str | None = None) -> None:
    """A screenshot in tests/artifacts: the whole page, or one element of it (at most
    3,000 pixels of it: the viewport is stretched to the element, which is scrolled to)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = str(ARTIFACTS / name)
    if selector is None:
        page.screenshot(path=path, full_page=True)
        return
    viewport = page.viewport_size
    assert viewport is not None
    element = page.locator(selector).first
    height = element.evaluate("e => e.getBoundingClientRect().height")
    page.set_viewport_size({"width": viewport["width"], "height": int(min(height, 3000)) + 40})
    element.evaluate("e => e.scrollIntoView()")
    page.screenshot(path=path)
    page.set_viewport_size(viewport)


def _brightness(page: Page) -> float:
    """Mean of the body background's RGB channels, 0 (black) to 255 (white)."""
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", rgb)[:3]]
    return sum(channels) / 3


def _write(tmp_path: Path, html: str, name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


EVERYTHING = [f.rule for f in FINDINGS]


@pytest.fixture
def report(browser: Browser, tmp_path: Path) -> Iterator[Watched]:
    """The hand-built report open in a fresh page; asserts the page stayed clean."""
    w = Watched(browser)
    w.open(_write(tmp_path, render_html(make_result())))
    assert w.rules() == EVERYTHING
    yield w
    w.assert_clean()
    w.context.close()


def test_browser_loads_cleanly_and_shows_the_summary(report: Watched) -> None:
    page = report.page
    assert page.title() == "Audit report · /home/dev/shop"
    tiles = {s.value: page.locator(f'[data-severity-count="{s.value}"]').inner_text() for s in Severity}
    assert tiles == {"critical": "1", "high": "2", "medium": "2", "low": "1", "info": "1"}
    assert page.locator("#stage-name").inner_text().lower() == "scaling"
    assert f"CI configuration {XSS_SCRIPT}" in page.locator("#stage").inner_text()
    grades = page.eval_on_selector_all("#grades .grade", "els => els.map(e => [e.dataset.grade, e.querySelector('.letter').textContent])")
    assert len(grades) == 10
    assert dict(grades)["security"] == "D" and dict(grades)["testing"] == "F" and dict(grades)["observability"] == "–"
    assert page.locator("#debt-total").inner_text() == "1 h 10 min"  # 7 findings x 10 minutes
    assert "3.2 % of lines" in page.locator("#metrics-totals").inner_text()
    # the action plan: ten open, the rest on demand
    assert page.locator("#action-list > .action").count() == 10
    assert page.locator("#action-list > .action").first.get_attribute("data-rule") == "SEC001"
    assert not page.locator("#more-actions").evaluate("d => d.open")
    assert page.locator("#more-actions .action").count() == len(ACTIONS) - 10
    # run details
    run = page.locator("#run").inner_text()
    for shown in ("9.9.9-test", "1,234", "98,765", "3.4 s", "parse", "legacy/py2.py", "Parse error", f"bad/{XSS_IMG}.py", f"boom {XSS_SCRIPT}"):
        assert shown in run
    assert page.locator("#error-count").inner_text() == "2 files not fully analysed"
    # the list shows each finding's place, priority and why it ranks there
    first = page.locator("#finding-list > .finding").first
    assert first.locator(".f-file").inner_text() == "app/tasks.py:88:5"
    assert first.locator(".f-prio").inner_text() == "priority 100"
    assert first.locator(".f-reason").inner_text().endswith("critical, high confidence; production code")
    shoot(page, "report-light.png")


def test_browser_dark_and_print(browser: Browser, tmp_path: Path) -> None:
    w = Watched(browser, color_scheme="dark")
    w.open(_write(tmp_path, render_html(make_result())))
    page = w.page
    assert _brightness(page) < 60, "dark scheme follows prefers-color-scheme"
    page.locator("#finding-list .f-toggle").first.click()
    shoot(page, "report-dark.png")
    page.emulate_media(media="print")
    assert page.locator("#filters").is_hidden(), "controls are not printed"
    assert _brightness(page) > 240, "printed on white, whatever the screen scheme"
    page.pdf(path=str(ARTIFACTS / "report.pdf"))
    assert page.evaluate("[...document.querySelectorAll('details')].every(d => d.open)"), "printing opens every collapsed part"
    w.assert_clean()
    w.context.close()


def test_browser_severity_filter_and_counts(report: Watched) -> None:
    page = report.page
    page.get_by_role("checkbox", name=re.compile(r"^High")).uncheck()
    assert report.rules() == [f.rule for f in FINDINGS if f.severity is not Severity.HIGH]
    assert report.status() == f"Showing 5 of {len(FINDINGS)} findings"
    assert page.locator("#filter-reset").is_visible()

    # a severity tile in the summary shows only that severity
    page.locator('[data-only-severity="medium"]').click()
    assert report.rules() == ["ERR001", "PERF404"]
    # the other facets count what the current filters leave
    assert page.locator("#filter-category option[value=security]").inner_text() == "Security (0)"
    assert page.locator("#filter-rule option[value=ERR001]").inner_text().endswith("(1)")
    assert page.locator('[data-facet-severity="high"]').inner_text() == "2", "severity chips count the other filters"

    page.locator("#filter-reset").click()
    assert report.rules() == EVERYTHING
    assert page.locator("#filter-reset").is_hidden()
    page.locator('[data-only-severity="high"]').click()
    shoot(page, "report-filtered.png", "#findings")


def test_browser_category_rule_and_path_filters(report: Watched) -> None:
    page = report.page
    page.select_option("#filter-category", "security")
    assert report.rules() == ["SEC001", "SEC012", "SEC012", "SEC012"]
    assert page.locator('[data-facet-severity="medium"]').inner_text() == "0"
    page.select_option("#filter-rule", "SEC012")
    assert report.rules() == ["SEC012", "SEC012", "SEC012"]
    assert report.status() == "Showing 3 of 7 findings"
    page.fill("#filter-path", "app/")
    assert report.files() == ["app/client.py:42:5", f"{HOSTILE_FILE}:7:5"]
    page.fill("#filter-path", "TESTS/")  # case-insensitive, anywhere in the path
    assert report.files() == ["tests/test_client.py:3:5"]
    page.select_option("#filter-category", "performance")
    assert report.rules() == []
    assert page.locator("#no-match").is_visible()
    page.locator("#filter-reset").click()
    assert report.rules() == EVERYTHING
    # a grade (or a bar of the category chart) shows that area
    page.locator('#grades [data-grade="error-handling"]').click()
    assert report.rules() == ["ERR001"]
    page.locator('#chart-categories [data-category="performance"]').click()
    assert report.rules() == ["PERF404"]


def test_browser_search_box_filters_by_text(report: Watched) -> None:
    page = report.page
    # file, message and code are searched; terms are ANDed, case-insensitive
    page.fill("#filter-search", "WORKER.py")
    assert report.rules() == ["ERR001"]
    page.fill("#filter-search", "requests.get timeout")
    assert report.rules() == ["SEC012", "SEC012"]
    page.fill("#filter-search", "s.query(order)")  # code only
    assert report.rules() == ["PERF404"]
    page.fill("#filter-search", "<img src=x")  # hostile text is searchable, as text
    assert report.rules() == ["SEC012"]
    page.fill("#filter-search", "no such thing anywhere")
    assert report.rules() == []
    assert page.locator("#no-match").is_visible()
    page.fill("#filter-search", "")
    assert report.rules() == EVERYTHING

    # "/" focuses the search box
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "filter-search"


def test_browser_sort_and_group(report: Watched) -> None:
    page = report.page
    page.select_option("#sort", "file")
    by_file = sorted(FINDINGS, key=lambda f: (f.file, f.line))
    assert report.files() == [f"{f.file}:{f.line}:5" for f in by_file]
    page.select_option("#sort", "severity")
    assert report.rules() == [f.rule for f in sorted(FINDINGS, key=lambda f: -f.severity.rank)]
    page.select_option("#sort", "priority")
    assert report.rules() == EVERYTHING

    page.select_option("#group", "rule")
    heads = page.eval_on_selector_all(".group-head", "els => els.map(e => [e.dataset.group, e.querySelector('.n').textContent])")
    assert heads == [["SEC001", "1 finding"], ["SEC012", "3 findings"], ["ERR001", "1 finding"], ["PERF404", "1 finding"], ["MNT003", "1 finding"]]
    assert report.rules() == ["SEC001", "SEC012", "SEC012", "SEC012", "ERR001", "PERF404", "MNT003"]
    # group counts follow the filters
    page.get_by_role("checkbox", name=re.compile(r"^Info")).uncheck()
    assert page.locator('.group-head[data-group="SEC012"] .n').inner_text() == "2 findings"

    page.select_option("#group", "file")
    heads = page.eval_on_selector_all(".group-head", "els => els.map(e => e.dataset.group)")
    assert heads == [f.file for f in FINDINGS if f.severity is not Severity.INFO]
    assert HOSTILE_FILE in page.locator("#finding-list").inner_text(), "group headers are text too"
    shoot(page, "report-grouped.png", "#findings")


def test_browser_finding_detail_shows_code_trace_and_fix(report: Watched) -> None:
    page = report.page
    first = page.locator("#finding-list > .finding").first
    toggle = first.locator(".f-toggle")
    assert toggle.inner_text() == "Code, data flow, how to fix"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    detail = first.locator(".f-detail")
    # the code, numbered from the finding's line, reported lines marked
    lines = detail.locator(".lines .ln")
    assert lines.count() == 1
    assert lines.first.get_attribute("data-n") == "88"
    assert "hit" in (lines.first.get_attribute("class") or "")
    assert lines.first.inner_text() == 'subprocess.run(f"convert {name} out.png", shell=True)'
    assert lines.first.locator("span").count() > 3, "highlighted by Pygments"
    # the trace: source, step, sink, each with its place and note
    steps = detail.locator(".trace li")
    assert steps.count() == 3
    assert [steps.nth(i).get_attribute("class") for i in range(3)] == ["source", "step", "sink"]
    assert steps.nth(0).locator("code").first.inner_text() == "app/views.py:12"
    assert steps.nth(1).inner_text().endswith(f"passed to convert(name) {XSS_SCRIPT}")
    assert steps.nth(2).locator("code").first.inner_text() == "app/tasks.py:88"
    # the rule's why, fix and before/after, and a link to its page
    text = detail.inner_text()
    assert "The shell parses the string: input becomes code." in text
    assert 'run(["ls", d])' in text
    shoot(page, "report-detail.png", "#finding-list > .finding")
    toggle.click()
    assert detail.is_hidden()


def test_browser_finding_detail_marks_every_line_and_keeps_hostile_text_as_text(report: Watched) -> None:
    page = report.page
    second = page.locator("#finding-list > .finding").nth(1)
    second.locator(".f-toggle").click()
    assert second.locator(".ln.hit").count() == 3
    third = page.locator("#finding-list > .finding").nth(2)
    third.locator(".f-toggle").click()
    assert third.locator(".ln").first.inner_text() == f"x = '{XSS_SCRIPT}'"
    assert third.locator(".ln").nth(1).inner_text() == f'y = "{XSS_IMG}"'
    assert third.locator(".f-msg").inner_text() == f"hostile message {XSS_SCRIPT} and {XSS_IMG}"
    assert third.locator(".f-msg code").inner_text() == XSS_IMG
    assert third.locator(".f-file").inner_text() == f"{HOSTILE_FILE}:7:5"


def test_browser_rule_links(report: Watched) -> None:
    page = report.page
    # a rule's "Show N findings" filters to that rule
    assert page.locator("#rule-SEC012").evaluate("d => d.open"), "few rules: their pages start open"
    page.locator('#rule-SEC012 [data-show-rule="SEC012"]').click()
    assert report.rules() == ["SEC012", "SEC012", "SEC012"]
    assert page.locator("#filter-rule").input_value() == "SEC012"
    # a finding's rule id opens the rule's page
    page.locator("#filter-reset").click()
    page.locator("#rule-ERR001 > summary").click()
    assert not page.locator("#rule-ERR001").evaluate("d => d.open")
    page.locator('#finding-list a.rule-id[href="#rule-ERR001"]').click()
    assert page.evaluate("location.hash") == "#rule-ERR001"
    assert page.locator("#rule-ERR001").evaluate("d => d.open")
    assert page.locator("#rule-ERR001 .prose li").first.is_visible()


def test_browser_action_plan_and_hotspots_lead_to_findings(report: Watched) -> None:
    page = report.page
    page.locator('#action-list .action[data-rule="SEC012"] .a-show').click()
    assert report.rules() == ["SEC012", "SEC012"], "the action's rule, in its directory"
    assert page.locator("#filter-path").input_value() == "app/"
    assert XSS_SCRIPT in page.locator('#action-list .action[data-rule="SEC012"] .a-title').inner_text()
    page.locator(f'#chart-hotspots circle[data-file="{HOSTILE_FILE}"]').click()
    assert report.files() == [f"{HOSTILE_FILE}:7:5"]
    page.locator("#more-actions > summary").click()
    assert page.locator("#more-actions .action").first.is_visible()


def test_browser_charts_and_graph_render(report: Watched) -> None:
    page = report.page
    # findings by category and severity: one row per category found, one bar per severity in it
    assert page.locator("#chart-categories g.row").count() == 4
    assert page.locator('#chart-categories g[data-category="security"] rect.seg').count() == 3  # critical, high, info
    assert page.locator("#chart-categories rect.seg").count() == 6
    # the hotspot scatter
    assert page.locator("#chart-hotspots circle.dot").count() == len(HOTSPOTS)
    assert page.locator("#hotspot-table tbody tr").count() == len(HOTSPOTS)
    # the dependency graph: every package drawn, the cycle in red, names as text
    graph = page.locator("#dep-graph")
    assert graph.locator("g.node").count() == GRAPH_NODES
    assert graph.locator("path.edge").count() == GRAPH_EDGES
    cyc = graph.locator("g.node.cyc").evaluate_all("els => els.map(e => e.dataset.node).sort()")
    assert cyc == ["app", "app.db"]
    assert graph.locator("path.edge.cyc").count() == 2
    hostile = graph.locator("g.node").filter(has=page.locator(f"title:text-is('{HOSTILE_PACKAGE}: 1 module, 100 lines')"))
    assert hostile.count() == 1, "a hostile package name is text"
    assert hostile.get_attribute("data-node") == HOSTILE_PACKAGE
    box = graph.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 60
    page.locator("#graph-table > summary").click()
    assert page.locator("#graph-table tbody tr").count() == GRAPH_NODES
    assert "app ↔ app.db" in page.locator("#graph-cycles").inner_text()
    # hovering a package highlights its imports
    graph.locator('g.node[data-node="lib"]').hover()
    assert graph.locator("path.edge.on").count() == 2
    shoot(page, "report-graph.png", "#graph")
    shoot(page, "report-summary.png", "#summary")


def test_browser_empty_states(browser: Browser, tmp_path: Path) -> None:
    w = Watched(browser)
    w.open(_write(tmp_path, render_html(make_result(sections={}, hotspots=(), stage={}, grades={}, actions=()))))
    page = w.page
    assert page.locator("#graph-empty").is_visible()
    assert page.locator("#hotspots-empty").is_visible()
    assert page.locator("#dep-graph").count() == 0 and page.locator("#chart-hotspots").count() == 0
    assert page.eval_on_selector_all("#grades .letter", "els => els.map(e => e.textContent)") == ["–"] * 10
    assert page.locator("#finding-list > .finding").count() == len(FINDINGS)
    w.assert_clean()
    w.context.close()


def test_browser_lists_long_results_a_page_at_a_time(browser: Browser, tmp_path: Path) -> None:
    many = tuple(
        _finding("MNT003", Severity.LOW, Category.MAINTAINABILITY, f"pkg/mod{i:03d}.py", i + 1, f"function {i} is long", f"def f{i}():")
        for i in range(250)
    )
    w = Watched(browser)
    w.open(_write(tmp_path, render_html(make_result(findings=many))))
    page = w.page
    cards = page.locator("#finding-list > .finding")
    assert cards.count() == 100
    assert page.locator("#shown-count").inner_text() == "100 of 250 listed"
    page.locator("#show-more").click()
    assert cards.count() == 200
    assert page.locator("#show-more").inner_text() == "Show 50 more"
    page.locator("#show-more").click()
    assert cards.count() == 250
    assert page.locator("#more-row").is_hidden()
    page.fill("#filter-search", "mod24")  # 240-249
    assert cards.count() == 10 and page.locator("#more-row").is_hidden()
    w.assert_clean()
    w.context.close()


# --------------------------------------------------------------------------- end to end

FIXTURE = {
    "pkg/__init__.py": "",
    "pkg/app.py": """
        import subprocess


        def run(cmd):
            subprocess.run(cmd, shell=True)


        def banner():
            return "<script>alert(1)</script></script><img src=x onerror=alert(1)>"
        """,
    "pkg/broken.py": "def broken(:\n    pass\n",
    "pkg/</script><img src=x onerror=alert(1)>.py": "import os\nos.system('ls ' + input())  # <script>alert(2)</script>\n",
}


def test_cli_html_report_opens_cleanly_and_matches_the_json(browser: Browser, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", FIXTURE)
    out = tmp_path / "out"
    code, _, err = run_cli(repo, "--format", "html,json", "-o", out, "--fail-on", "never", "-q", cwd=tmp_path)
    assert code == 0, err
    data = json.loads((out / "audit-report.json").read_text(encoding="utf-8"))
    html_path = out / "audit-report.html"

    w = Watched(browser)
    w.open(html_path)
    page = w.page
    w.assert_clean()

    # the page shows what the run collected, in the same order as the JSON
    shown = data["findings"][:100]
    assert w.rules() == [f["rule"] for f in shown]
    assert [loc.split(":")[:2] for loc in w.files()] == [[f["file"], str(f["line"])] for f in shown]
    for sev, n in data["summary"]["by_severity"].items():
        assert page.locator(f'[data-severity-count="{sev}"]').inner_text() == str(n)
    assert "B602" in w.rules(), "bandit's shell=True finding"
    assert page.locator("#files-analyzed").inner_text() == str(data["summary"]["files_analyzed"])
    assert any("<img src=x onerror=alert(1)>.py" in f for f in w.files()), "a hostile file name is text"

    # the unparsable file is listed as an error
    errors = page.locator("#run").inner_text()
    assert "pkg/broken.py" in errors and "Parse error" in errors

    # every finding's detail opens cleanly
    for toggle in page.locator("#finding-list .f-toggle").all():
        toggle.click()
    assert page.locator(".f-detail").count() == page.locator("#finding-list .f-toggle").count()
    w.assert_clean()
    shoot(page, "report-cli.png")
    w.context.close()
