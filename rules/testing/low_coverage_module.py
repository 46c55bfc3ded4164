"""TST006: complex modules that the test suite's coverage data shows as mostly unexecuted."""

from __future__ import annotations

from typing import Any

from auditor.analysis.metrics import MetricsCollector
from auditor.analysis.service import is_product_path
from auditor.analysis.testing import FileCoverage, coverage, is_test_module
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class LowCoverageModule(ProjectRule):
    id = "TST006"
    title = "Complex module with low test coverage"
    category = Category.TESTING
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 120
    tags = ("tests", "coverage")
    needs = (MetricsCollector,)
    options = {"min_line_rate": 0.5, "min_complexity": 10, "max_findings": 10}
    refs = (
        "https://coverage.readthedocs.io/en/latest/cmd.html#xml-reporting",
        "https://testing.googleblog.com/2020/08/code-coverage-best-practices.html",
    )
    why = """
        The repository's own coverage data shows that most of this module never runs
        under the tests, and it has many branches: the code where bugs are most likely is
        the code nobody checks. Changes to it are verified in production. Modules are
        ranked by uncovered complexity (each function's cyclomatic complexity times the
        share of its statements never executed), so a large simple module counts less
        than a dense decision-heavy one. Read from `coverage.xml` (Cobertura) or
        `.coverage`; nothing is run. Stale coverage data gives stale results.
    """
    fix = """
        Write tests for the least-covered complex functions the message names, starting
        with their error and edge paths; regenerate coverage in CI (`pytest --cov
        --cov-report=xml`) and fail the build if it drops.
    """
    example = Example(
        before="""
            # file: coverage.xml
            <coverage line-rate="0.2"><packages><package name="app"><classes>
            <class filename="app/rules.py"><lines>
            <line number="1" hits="1"/><line number="2" hits="0"/><line number="3" hits="0"/><line number="4" hits="0"/>
            <line number="5" hits="0"/><line number="6" hits="0"/><line number="7" hits="0"/>
            </lines></class></classes></package></packages></coverage>
            # file: app/__init__.py
            # file: app/rules.py
            def price(kind, qty, vip, day):  # expect
                if kind == "a" and qty > 10 or vip:
                    return 1 if day == "mon" else 2
                if kind == "b" or qty < 0 and not vip:
                    return 3 if day in ("sat", "sun") else 4
                if kind == "c" or (qty and vip and day):
                    return 5
        """,
        after="""
            # file: coverage.xml
            <coverage line-rate="1.0"><packages><package name="app"><classes>
            <class filename="app/rules.py"><lines>
            <line number="1" hits="1"/><line number="2" hits="4"/><line number="3" hits="2"/><line number="4" hits="2"/>
            <line number="5" hits="2"/><line number="6" hits="1"/><line number="7" hits="1"/>
            </lines></class></classes></package></packages></coverage>
            # file: app/__init__.py
            # file: app/rules.py
            def price(kind, qty, vip, day):
                if kind == "a" and qty > 10 or vip:
                    return 1 if day == "mon" else 2
                if kind == "b" or qty < 0 and not vip:
                    return 3 if day in ("sat", "sun") else 4
                if kind == "c" or (qty and vip and day):
                    return 5
        """,
    )
    VALID = [
        """
        # file: app/__init__.py
        # file: app/rules.py
        def price(kind, qty, vip, day):
            if kind == "a" and qty > 10 or vip:
                return 1 if day == "mon" else 2
            if kind == "b" or qty < 0 and not vip:
                return 3 if day in ("sat", "sun") else 4
            if kind == "c" or (qty and vip and day):
                return 5
        """,
        """
        # file: coverage.xml
        <coverage line-rate="0.0"><packages><package name="app"><classes>
        <class filename="app/simple.py"><lines><line number="1" hits="0"/><line number="2" hits="0"/></lines></class>
        </classes></package></packages></coverage>
        # file: app/simple.py
        def one():
            return 1
        """,
    ]
    INVALID = [
        """
        # file: coverage.xml
        <?xml version="1.0" ?>
        <coverage line-rate="0.3">
          <sources><source>/home/ci/build/src</source></sources>
          <packages><package name="shop"><classes>
            <class filename="shop/tax.py"><lines>
              <line number="1" hits="1"/><line number="2" hits="0"/><line number="3" hits="0"/>
              <line number="4" hits="0"/><line number="5" hits="0"/><line number="6" hits="0"/>
              <line number="7" hits="0"/><line number="8" hits="0"/>
            </lines></class>
          </classes></package></packages>
        </coverage>
        # file: src/shop/__init__.py
        # file: src/shop/tax.py
        def rate(country, kind, b2b, amount):  # expect
            if country == "DE" and kind == "food" or b2b and amount > 100:
                return 0.07
            for limit in (10, 100, 1000):
                if amount > limit and not b2b or kind == "book":
                    return 0.05
            while amount > 0 and country != "FR":
                amount -= 1
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        data = coverage(project)
        if not data.files:
            return
        metrics = project.facts("metrics")
        ranked: list[tuple[float, str, FileCoverage, list[tuple[float, int, str]]]] = []
        for module in project.modules.values():
            cov = data.files.get(module.file)
            if cov is None or is_test_module(module) or not is_product_path(module.file):
                continue
            if cov.rate >= float(self.opts["min_line_rate"]):
                continue
            functions = _functions(metrics.get(module.file))
            if sum(f["complexity"] for f in functions) < int(self.opts["min_complexity"]):
                continue
            parts = [(_uncovered(f, cov), int(f["complexity"]), str(f["qualname"])) for f in functions]
            ranked.append((sum(p[0] for p in parts), module.file, cov, parts))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        for weight, file, cov, parts in ranked[: int(self.opts["max_findings"])]:
            self._report(project, data.file, file, cov, weight, parts)

    def _report(
        self, project: ProjectIndex, source: str, file: str, cov: FileCoverage, weight: float, parts: list[tuple[float, int, str]]
    ) -> None:
        worst = sorted((p for p in parts if p[0] > 0), key=lambda p: (-p[0], p[2]))[:3]
        names = ", ".join(f"{name} (complexity {cc}, {100 - round(u / cc * 100)}% covered)" for u, cc, name in worst)
        text = project.read_text(file) or ""
        line, snippet = next(((i, t) for i, t in enumerate(text.splitlines(), 1) if t.strip()), (1, ""))
        self.report_at(
            file,
            line,
            f"{cov.rate:.0%} of {cov.statements} statements covered ({source}); uncovered complexity"
            f" {weight:.0f} of {sum(p[1] for p in parts)}" + (f"; least covered: {names}" if names else ""),
            snippet=snippet[:300],
        )


def _functions(entry: Any) -> list[dict[str, Any]]:
    if not isinstance(entry, dict):
        return []
    return [f for f in entry.get("functions", []) if isinstance(f, dict) and "complexity" in f]


def _uncovered(function: dict[str, Any], cov: FileCoverage) -> float:
    """The function's complexity times the share of its statements never executed."""
    start, end = int(function.get("line", 0)), int(function.get("end_line", 0) or function.get("line", 0))
    statements = [n for n in cov.lines if start <= n <= end]
    if not statements:
        return 0.0
    missed = sum(1 for n in statements if n in cov.missing)
    return int(function["complexity"]) * missed / len(statements)
