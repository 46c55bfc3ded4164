"""TST005: tests skipped unconditionally (or without a reason)."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.analysis.testcode import is_test_file
from auditor.helpers import AstIndex, ImportTable, keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.testing._idle import dotted_target

_SKIP_DECORATORS = frozenset({"pytest.mark.skip", "unittest.skip"})


class SkippedTest(Rule):
    id = "TST005"
    title = "Test skipped unconditionally"
    category = Category.TESTING
    severity = Severity.INFO
    confidence = Confidence.HIGH
    effort = 15
    tags = ("tests",)
    refs = (
        "https://docs.pytest.org/en/stable/how-to/skipping.html",
        "https://docs.python.org/3/library/unittest.html#skipping-tests-and-expected-failures",
    )
    why = """
        An unconditional skip turns a test off for good: the behaviour it covered is no
        longer checked, and the skip outlives the reason it was added for (the flaky
        dependency, the unfinished feature). Without a reason nobody knows whether it is
        safe to re-enable or delete. Conditional skips (`skipif`, `skipUnless`, a skip
        inside a check) are not reported.
    """
    fix = """
        Fix and re-enable the test, delete it if the behaviour is gone, or make the skip
        conditional (`@pytest.mark.skipif(sys.platform == "win32", reason=...)`) or an
        `xfail(strict=True)` with a reason and a ticket, so it comes back when fixed.
    """
    example = Example(
        before="""
            # file: tests/test_export.py
            import pytest

            @pytest.mark.skip
            def test_export_csv(client):
                assert client.get("/export.csv").status_code == 200
        """,
        after="""
            # file: tests/test_export.py
            def test_export_csv(client):
                assert client.get("/export.csv").status_code == 200
        """,
    )
    VALID = [
        """
        # file: tests/test_ok.py
        import sys
        import pytest
        import unittest
        if sys.platform == "win32":
            pytest.skip("POSIX only", allow_module_level=True)
        @pytest.mark.skipif(sys.version_info < (3, 12), reason="needs 3.12")
        def test_new():
            assert True
        @unittest.skipUnless(sys.platform == "linux", "linux only")
        def test_linux():
            assert True
        def test_inside():
            if not sys.stdin.isatty():
                pytest.skip("needs a terminal")
            assert True
        """,
    ]
    INVALID = [
        """
        # file: tests/test_skips.py
        import pytest
        import unittest
        pytestmark = pytest.mark.skip  # expect
        pytest.skip("broken", allow_module_level=True)  # expect
        @pytest.mark.skip  # expect
        def test_a():
            assert True
        @pytest.mark.skip(reason="flaky, see #123")  # expect
        def test_b():
            assert True
        class TestC(unittest.TestCase):
            @unittest.skip("not ready")  # expect
            def test_c(self):
                self.assertTrue(True)
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._on = is_test_file(context.relpath, context.is_test)
        self.idle = not self._on or (context.index is not None and not _can_report(context.index, context.imports))

    def visit_Decorator(self, node: cst.Decorator) -> None:
        if not self._on:
            return
        expr = node.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        name = self.qualify(func)
        if name not in _SKIP_DECORATORS:
            return
        if not _has_reason(expr):
            self.report(node, "test skipped unconditionally and without a reason", severity=Severity.LOW)
        else:
            self.report(node, "test skipped unconditionally: the behaviour it covers is no longer checked")

    def visit_Module(self, node: cst.Module) -> None:
        if not self._on:
            return
        for stmt in node.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                self._module_level(small)

    def _module_level(self, small: cst.BaseSmallStatement) -> None:
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            if self.qualify(small.value.func) == "pytest.skip":
                self.report(small, "the whole module is skipped unconditionally")
        elif isinstance(small, cst.Assign) and any(
            isinstance(t.target, cst.Name) and t.target.value == "pytestmark" for t in small.targets
        ):
            marks = small.value.elements if isinstance(small.value, (cst.List, cst.Tuple)) else [small.value]
            for mark in marks:
                value = mark.value if isinstance(mark, cst.BaseElement) else mark
                func = value.func if isinstance(value, cst.Call) else value
                if self.qualify(func) == "pytest.mark.skip":
                    self.report(small, "every test of the module is skipped unconditionally")
                    return


def _has_reason(expr: cst.BaseExpression) -> bool:
    if not isinstance(expr, cst.Call):
        return False
    return bool([a for a in expr.args if a.keyword is None]) or keyword_arg(expr, "reason") is not None


def _can_report(index: AstIndex, imports: ImportTable) -> bool:
    """visit_Decorator and visit_Module on the stdlib tree: a skip decorator anywhere, a
    top-level `pytest.skip(...)` statement, or a top-level `pytestmark = ...`."""
    if "skip" not in index.names:
        return False  # every qualified name it reports on ends with `skip` (so does its import)
    for node in index.of(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        for expr in node.decorator_list:
            func = expr.func if isinstance(expr, ast.Call) else expr
            if dotted_target(func, imports) in _SKIP_DECORATORS:
                return True
    for stmt in getattr(index.nodes[0], "body", ()):
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            if dotted_target(stmt.value.func, imports) == "pytest.skip":
                return True
        elif isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in stmt.targets):
            return True
    return False
