"""The HTML report of a large repository: 20,000 findings across 2,000 files and a
300-package graph. Prints size and timings (tests do not assert timings); asserts the
page opens cleanly, lists lazily and stays usable. Real Chromium, as in test_html_report.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest
from test_html_report import RULES, Watched, _big_package_graph, chromium, make_result, shoot

from auditor.model import Category, Confidence, Finding, Severity, TraceStep
from auditor.report.html import render_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FILES = 2000
FINDINGS = 20_000
SEVERITIES = list(Severity)
CATEGORIES = list(Category)


def _finding(i: int) -> Finding:
    n = i % FILES
    file = f"proj/pkg{n % 40:02d}/sub{n % 7}/module_{n:04d}.py"
    rule = sorted(RULES)[i % len(RULES)]
    line = 10 + (i * 7) % 900
    snippet = "\n".join(f"    value_{(i + k) % 3000} = compute(arg, {k})  # note {i % 50}" for k in range(1 + i % 3))
    trace = (
        (TraceStep(file, line - 3, 4, "`request.args` read"), TraceStep(file, line, 8, "passed to `run(cmd)`"))
        if i % 10 == 0
        else ()
    )
    return Finding(
        rule=rule,
        title=RULES[rule].title,
        category=CATEGORIES[i % len(CATEGORIES)],
        severity=SEVERITIES[i % len(SEVERITIES)],
        confidence=Confidence.MEDIUM,
        file=file,
        line=line,
        column=4,
        end_line=line + snippet.count("\n"),
        end_column=20,
        message=f"finding number {i} in {file}",
        snippet=snippet,
        scope=f"Handler{i % 300}.method_{i % 11}",
        trace=trace,
        effort=5 + i % 20,
        priority=round(100 - i * 100 / FINDINGS, 1),
        priority_reason=f"{SEVERITIES[i % 5].value}, medium confidence; imported by {i % 30} modules",
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


def test_large_report_opens_quickly_and_stays_usable(browser: Browser, tmp_path: Path) -> None:
    findings = tuple(_finding(i) for i in range(FINDINGS))
    hotspots = tuple(
        {"file": f"proj/pkg{i:02d}/sub0/module_{i:04d}.py", "churn": 5 + (i * 13) % 80, "complexity": 20 + (i * 37) % 400, "score": round(1 - i / 30, 3)}
        for i in range(30)
    )
    result = make_result(findings=findings, sections={"graph": _big_package_graph(300)}, hotspots=hotspots)
    started = time.perf_counter()
    html = render_html(result)
    rendered = time.perf_counter() - started
    path = tmp_path / "large.html"
    path.write_text(html, encoding="utf-8")
    size = path.stat().st_size
    assert size < 25 * 1024 * 1024

    w = Watched(browser)
    started = time.perf_counter()
    w.page.goto(path.resolve().as_uri())
    w.url = path.resolve().as_uri()
    w.page.wait_for_selector("#finding-list > .finding")
    loaded = time.perf_counter() - started
    page = w.page
    assert page.locator("#finding-list > .finding").count() == 100, "listed a page at a time"
    assert w.status() == "20,000 findings"
    assert page.locator("#dep-graph g.node").count() == 40
    assert page.locator("#graph-table tbody tr").count() == 300

    started = time.perf_counter()
    page.fill("#filter-search", "module_0042.py")
    searched = time.perf_counter() - started
    assert w.status() == "Showing 10 of 20,000 findings"
    page.fill("#filter-search", "")
    started = time.perf_counter()
    page.select_option("#group", "file")
    grouped = time.perf_counter() - started
    assert page.locator(".group-head").first.inner_text().endswith("10 findings")
    page.locator("#finding-list .f-toggle").first.click()
    assert page.locator(".f-detail .lines .ln").count() >= 1
    w.assert_clean()
    shoot(page, "report-large.png", "#findings")
    w.context.close()
    print(
        f"\n{FINDINGS:,} findings in {FILES:,} files: {size / 1e6:.1f} MB, rendered in {rendered:.1f} s, "
        f"loaded in {loaded:.2f} s, first search {searched:.2f} s, grouped by file in {grouped:.2f} s"
    )
