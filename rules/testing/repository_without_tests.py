"""TST001: a repository with real code and no tests at all."""

from __future__ import annotations

from auditor.analysis.deployment import anchor
from auditor.analysis.service import is_product_path, repository_kind
from auditor.analysis.testing import is_test_module
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class RepositoryWithoutTests(ProjectRule):
    id = "TST001"
    title = "No tests in the repository"
    category = Category.TESTING
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    effort = 480
    tags = ("tests", "stage-sensitive")
    options = {"min_lines": 300}  # product lines below which a repository is too small to judge
    refs = ("https://docs.pytest.org/en/stable/getting-started.html",)
    why = """
        With no tests every change is verified by hand or by users: refactoring is too
        risky to attempt, upgrades of Python or dependencies are guesses, and a bug fixed
        once comes back. The cost of each change grows with the code base, and CI can only
        check that the code imports. Looked for: test_*.py, *_test.py, tests.py, files
        under tests/ or test/, conftest.py.
    """
    fix = """
        Start with pytest and the riskiest paths: one test per public entry point (each
        route, command or public function) that checks the main success and failure
        cases; run them in CI and add a test with every bug fix.
    """
    example = Example(
        before="""
            # file: main.py
            from fastapi import FastAPI  # expect
            app = FastAPI()

            @app.get("/total")
            def total(a: int, b: int) -> int:
                return a + b
        """,
        after="""
            # file: main.py
            from fastapi import FastAPI
            app = FastAPI()

            @app.get("/total")
            def total(a: int, b: int) -> int:
                return a + b
            # file: tests/test_main.py
            from main import total
            def test_total():
                assert total(1, 2) == 3
        """,
    )
    VALID = [
        """
        # file: app/__init__.py
        # file: app/core.py
        def f():
            return 1
        # file: app/tests.py
        from app.core import f
        def test_f():
            assert f() == 1
        """,
        """
        # file: tiny.py
        print("too small to need tests")
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM python:3.12-slim  # expect
        # file: app.py
        from flask import Flask
        app = Flask(__name__)
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        modules = list(project.modules.values())
        if any(is_test_module(m) for m in modules):
            return
        lines = sum(m.lines for m in modules if is_product_path(m.file))
        # a tiny service still ships; a tiny library or script is not worth a finding
        minimum = 0 if repository_kind(project).is_service else int(self.opts["min_lines"])
        if lines < minimum or not lines:
            return
        file, line = anchor(project)
        if not file:
            return
        self.report_at(
            file,
            line,
            f"no test files in this repository ({lines} lines of code in {len(modules)} modules): every change ships unverified",
            snippet=_line(project, file, line),
        )


def _line(project: ProjectIndex, relpath: str, line: int) -> str:
    text = project.read_text(relpath, limit=2 * 1024 * 1024) or ""
    lines = text.splitlines()
    return lines[line - 1][:300] if 0 < line <= len(lines) else ""
