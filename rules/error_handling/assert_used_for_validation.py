"""ERR003: `assert` on a function's arguments in non-test code (stripped by `python -O`)."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.helpers import AstIndex
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.error_handling import _idle

# Narrowing for type checkers, not validation: `assert isinstance(x, T)`, `assert x is not None`.
_TYPE_NARROWING = m.Call(func=m.Name("isinstance")) | m.Comparison(
    comparisons=[m.ComparisonTarget(operator=m.IsNot(), comparator=m.Name("None"))]
)
_SELF = frozenset({"self", "cls"})


class AssertUsedForValidation(Rule):
    id = "ERR003"
    title = "assert used to validate arguments"
    category = Category.ERROR_HANDLING
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 5
    supersedes = ("B101",)
    cwe = (617,)
    refs = (
        "https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement",
        "https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html",
    )
    why = """
        `assert` statements are removed when Python runs with `-O` or `PYTHONOPTIMIZE`
        (some container images and WSGI setups set it). A check on a function's arguments
        written as `assert amount > 0` then silently disappears and bad input flows on:
        negative transfers, unauthorised access, corrupted rows. Even when asserts run,
        callers get a bare `AssertionError` instead of a `ValueError`/`TypeError` they
        can handle or map to a 400 response.
    """
    fix = "Raise the exception the caller should handle: `if amount <= 0: raise ValueError(\"amount must be positive\")`."
    example = Example(
        before="""
            def transfer(account, amount):
                assert amount > 0, "amount must be positive"
                account.withdraw(amount)
        """,
        after="""
            def transfer(account, amount):
                if amount <= 0:
                    raise ValueError("amount must be positive")
                account.withdraw(amount)
        """,
    )
    VALID = [
        """
        def transfer(account, amount):
            assert isinstance(amount, int)
            assert account is not None
            total = amount * 2
            assert total >= 0
            return total
        def _internal(n):
            assert n > 0
        """,
        """
        # file: tests/test_bank.py
        def test_transfer(amount=1):
            assert amount > 0
        """,
    ]
    INVALID = [
        """
        class Bank:
            def transfer(self, account, amount):
                assert amount > 0, "amount must be positive"  # expect
                assert self.open
                assert account.owner == self.user  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._params: list[frozenset[str]] = []
        # A test file never reports (visit_Assert); elsewhere, see _can_report.
        self.idle = context.is_test or (context.index is not None and not _can_report(context.index))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        params = node.params
        names = {p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)} - _SELF
        private = node.name.value.startswith("_") and not node.name.value.endswith("__")
        self._params.append(frozenset() if private else frozenset(names))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._params.pop()

    def visit_Assert(self, node: cst.Assert) -> None:
        if not self._params or not self._params[-1] or self.context.is_test:
            return
        if m.matches(node.test, _TYPE_NARROWING):
            return
        used = {n.value for n in m.findall(node.test, m.Name())} & self._params[-1]
        if used:
            names = ", ".join(sorted(used))
            self.report(node, f"assert on argument {names} is stripped under `python -O`; raise ValueError/TypeError instead")


def _can_report(index: AstIndex) -> bool:
    """visit_Assert on the stdlib tree: an `assert`, not a type narrowing, whose test
    names a parameter of its nearest def (not private). The test's names are every libcst
    `Name` in it: variables, attribute and keyword names, lambda parameters."""
    if not index.has(ast.Assert):
        return False
    for node in index.of(ast.FunctionDef, ast.AsyncFunctionDef):
        if node.name.startswith("_") and not node.name.endswith("__"):
            continue  # private: visit_FunctionDef gives it no names
        args = node.args
        params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)} - _SELF
        if not params:
            continue
        for stmt in _idle.own_statements(node.body, handlers=True):
            if isinstance(stmt, ast.Assert) and not _narrows(stmt.test) and _names(stmt.test) & params:
                return True
    return False


def _names(test: ast.expr) -> set[str]:
    found: set[str] = set()
    for sub in ast.walk(test):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            found.add(sub.attr)
        elif isinstance(sub, (ast.keyword, ast.arg)) and sub.arg:
            found.add(sub.arg)
    return found


def _narrows(test: ast.expr) -> bool:
    """`_TYPE_NARROWING` on the stdlib tree."""
    if isinstance(test, ast.Call):
        return isinstance(test.func, ast.Name) and test.func.id == "isinstance"
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.IsNot):
        right = test.comparators[0]
        return isinstance(right, ast.Constant) and right.value is None
    return False
