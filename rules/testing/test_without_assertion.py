"""TST003: a test function that checks nothing."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import lru_cache

import libcst as cst

from auditor.analysis.testcode import _TEST_BASES, is_test_class, is_test_file, is_test_function
from auditor.helpers import AstIndex, ImportTable
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.testing._idle import dotted_target

# Calls that check something: assert*/check*/verify*/expect* helpers (any receiver),
# pytest.raises/warns/fail, self.fail, mock.assert_called_once_with(...)...
_CHECKING = re.compile(r"^_*(?:assert|check|verify|expect|ensure|validate|should|must)|assert|^(?:fail|raises|warns|deprecated_call|approx|snapshot|benchmark|subtest)$", re.I)
# Decorators that make an assertion-free test legitimate or not collected.
_EXEMPT_DECORATORS = frozenset({"fixture", "skip", "skipif", "xfail", "expectedFailure", "raises", "benchmark", "settings_override", "override_settings"})


class TestWithoutAssertion(Rule):
    id = "TST003"
    title = "Test without any assertion"
    category = Category.TESTING
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    effort = 15
    tags = ("tests",)
    refs = (
        "https://docs.pytest.org/en/stable/how-to/assert.html",
        "https://pylint.pycqa.org/en/latest/user_guide/messages/warning/",
    )
    why = """
        A test with no assertion passes whenever the code does not raise: wrong results,
        wrong status codes and silently skipped work all pass. It inflates coverage and
        the test count while checking nothing, so the team trusts a suite that would
        not catch the regression it was written for.
    """
    fix = """
        Assert on the outcome (`assert response.status_code == 200`, `assert order.total ==
        30`), or use `pytest.raises` when the point is the exception; if the test only
        checks that nothing raises, say so with an explicit assertion on the result.
    """
    example = Example(
        before="""
            # file: tests/test_orders.py
            from shop.orders import create_order

            def test_create_order():
                create_order(items=[1, 2])
        """,
        after="""
            # file: tests/test_orders.py
            from shop.orders import create_order

            def test_create_order():
                order = create_order(items=[1, 2])
                assert order.total == 3
        """,
    )
    VALID = [
        """
        # file: tests/test_ok.py
        import pytest
        import unittest
        def test_assert():
            assert 1 + 1 == 2
        def test_raises():
            with pytest.raises(ValueError):
                int("x")
        def test_helper(client):
            check_response(client.get("/"))
        def common_test(app):
            assert app.get("/").ok
        def test_shared(app):
            common_test(app)
        @pytest.fixture
        def test_data():
            return {}
        def test_mock(mailer):
            mailer.send()
            mailer.send.assert_called_once()
        @pytest.mark.skip(reason="flaky upstream")
        def test_later():
            pass
        def helper():
            pass
        class TestThing(unittest.TestCase):
            def test_eq(self):
                self.assertEqual(1, 1)
            def test_nested(self):
                def inner():
                    assert True
                inner()
            def setUp(self):
                pass
        """,
        """
        # file: shop/orders.py
        def test_mode():
            return True
        """,
    ]
    INVALID = [
        """
        # file: tests/test_bad.py
        import unittest
        def test_smoke(client):  # expect
            client.get("/")
        async def test_async(client):  # expect
            await client.get("/")
        class TestOrders(unittest.TestCase):
            def test_create(self):  # expect
                self.client.post("/orders")
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._on = is_test_file(context.relpath, context.is_test)
        # Off: every method below does nothing. On: see _can_report.
        self.idle = not self._on or (context.index is not None and not _can_report(context.index, context.imports))
        self._classes: list[bool] = []  # enclosing classes: is a test class
        self._open: list[_Function] = []  # enclosing functions, innermost last
        self._done: list[_Function] = []  # every function of the file, once left

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._on:
            self._classes.append(not self._open and is_test_class(node, self.context.imports))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        if self._on:
            self._classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self._on:
            return
        in_class = bool(self._classes) and self._classes[-1]
        at_top = not self._classes and not self._open
        test = not self._open and is_test_function(node, in_class, at_top) and not _exempt(node)
        self._open.append(_Function(node, test))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        if self._on and self._open:
            self._done.append(self._open.pop())

    def leave_Module(self, original_node: cst.Module) -> None:
        """Tests that call a helper of this file which asserts are checked too."""
        if not self._on:
            return
        checking = {f.node.name.value for f in self._done if f.checked}
        for _ in range(5):  # helpers calling helpers, a few levels deep
            grown = checking | {f.node.name.value for f in self._done if f.calls & checking}
            if grown == checking:
                break
            checking = grown
        for function in self._done:
            if function.test and not function.checked and not function.calls & checking:
                name = function.node.name
                self.report(name, f"test `{name.value}` asserts nothing: it passes whenever the code does not raise")

    def _mark(self) -> None:
        for function in self._open:
            function.checked = True

    def visit_Assert(self, node: cst.Assert) -> None:
        self._mark()

    def visit_Raise(self, node: cst.Raise) -> None:
        self._mark()

    def visit_Call(self, node: cst.Call) -> None:
        if not self._open:
            return
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if name and _CHECKING.search(name):
            self._mark()
        elif name:
            for function in self._open:
                function.calls.add(name)


@dataclass
class _Function:
    node: cst.FunctionDef
    test: bool
    checked: bool = False
    calls: set[str] = field(default_factory=set)  # names of functions and methods it calls


def _exempt(node: cst.FunctionDef) -> bool:
    """Fixtures, skipped tests, expected failures and benchmarks."""
    for decorator in node.decorators:
        expr = decorator.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if name in _EXEMPT_DECORATORS:
            return True
    return False


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_BLOCKS = ("body", "orelse", "finalbody")


def _can_report(index: AstIndex, imports: ImportTable) -> bool:
    """The whole rule on the stdlib tree, short of reporting: the same test functions, the
    same `checked` and `calls` of every def (from the asserts, raises and calls within its
    lines, decorators included, as the walk sees them while the def is open), the same
    five rounds of helpers in leave_Module."""
    defs: list[ast.FunctionDef | ast.AsyncFunctionDef] = index.of(*_DEFS)
    if not any(node.name.startswith("test") for node in defs):
        return False
    tests = [node for node in _test_functions(index.nodes[0].body, None, imports) if not _exempt_ast(node)]  # type: ignore[attr-defined]
    if not tests:
        return False
    owner, parent, inner_first = _def_lines(defs, index.text)
    calls = index.of(ast.Call)
    names = [_call_name(call) for call in calls]  # visit_Call's: the attribute or plain name called
    # `checked`: an assert, a raise or a checking call in the def or a def it holds.
    checked = [False] * (len(defs) + 1)  # the last slot: owner -1, outside every def (unread)
    for node in index.of(ast.Assert, ast.Raise):
        checked[owner[node.lineno]] = True
    for call, name in zip(calls, names):
        if _checks(name):
            checked[owner[call.lineno]] = True
    for i in inner_first:
        if checked[i] and parent[i] >= 0:
            checked[parent[i]] = True
    position = {id(node): i for i, node in enumerate(defs)}
    unchecked = [position[id(node)] for node in tests if not checked[position[id(node)]]]
    if not unchecked:
        return False
    # `calls`: the other call names in the def or a def it holds.
    called: list[set[str]] = [set() for _ in defs]
    for call, name in zip(calls, names):
        i = owner[call.lineno]
        if i >= 0 and name and not _checks(name):
            called[i].add(name)
    for i in inner_first:
        if parent[i] >= 0:
            called[parent[i]] |= called[i]
    checking = _checking_helpers([node.name for node in defs], checked, called)
    return any(not called[i] & checking for i in unchecked)


def _def_lines(defs: list[ast.FunctionDef | ast.AsyncFunctionDef], text: str) -> tuple[list[int], list[int], list[int]]:
    """(owner, parent, inner_first): owner[line], the innermost def whose lines (first
    decorator to last line) hold that line, or -1; parent[def], the innermost def holding
    it, or -1; the defs, each after every def it holds. Defs nest or lie apart, and no
    other statement shares a line with a def's first or last line: a node lies in a def
    iff its first line does."""
    order = sorted(range(len(defs)), key=lambda i: _first_line(defs[i]))
    owner = [-1] * (text.count("\n") + text.count("\r") + 2)  # at least every line (\n, \r\n or \r)
    parent = [-1] * len(defs)
    for i in order:
        start, end = _first_line(defs[i]), defs[i].end_lineno or defs[i].lineno
        parent[i] = owner[start]
        owner[start : end + 1] = [i] * (end + 1 - start)
    return owner, parent, order[::-1]


def _checking_helpers(names: list[str], checked: list[bool], called: list[set[str]]) -> set[str]:
    """leave_Module's `checking`: the checked defs' names, grown five rounds at most by
    the defs calling one of them."""
    checking = {names[i] for i in range(len(names)) if checked[i]}
    for _ in range(5):
        grown = checking | {names[i] for i in range(len(names)) if called[i] & checking}
        if grown == checking:
            break
        checking = grown
    return checking


def _first_line(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return node.decorator_list[0].lineno if node.decorator_list else node.lineno


def _call_name(call: ast.Call) -> str:
    func = call.func
    kind = type(func)  # ast classes are final: exact types are isinstance here
    return func.attr if kind is ast.Attribute else func.id if kind is ast.Name else ""  # type: ignore[attr-defined]


@lru_cache(maxsize=8192)
def _checks(name: str) -> bool:
    return bool(name) and bool(_CHECKING.search(name))


def _test_functions(body: list[ast.stmt], in_test_class: bool | None, imports: ImportTable) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The defs visit_FunctionDef deems tests (`is_test_function` with no def open), before
    the decorator exemption. `in_test_class`: None outside any class, else whether the
    innermost class is a test class (`is_test_class`)."""
    found: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    for stmt in body:
        if isinstance(stmt, _DEFS):
            if stmt.name.startswith("test") and (in_test_class is None or in_test_class):
                found.append(stmt)
        elif isinstance(stmt, ast.ClassDef):
            found.extend(_test_functions(stmt.body, _is_test_class_ast(stmt, imports), imports))
        else:
            for field_name in _BLOCKS:
                block = getattr(stmt, field_name, None)
                if isinstance(block, list):
                    found.extend(_test_functions(block, in_test_class, imports))
            for part in (*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())):
                found.extend(_test_functions(part.body, in_test_class, imports))
    return found


def _is_test_class_ast(node: ast.ClassDef, imports: ImportTable) -> bool:
    """`is_test_class` on the stdlib tree."""
    name = node.name
    if name.startswith("Test") or name.endswith(("Test", "Tests", "TestCase")):
        return True
    bases = (base.value if isinstance(base, ast.Starred) else base for base in node.bases)
    return any(dotted_target(base, imports) in _TEST_BASES for base in bases)


def _exempt_ast(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """`_exempt` on the stdlib tree."""
    for expr in node.decorator_list:
        func = expr.func if isinstance(expr, ast.Call) else expr
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in _EXEMPT_DECORATORS:
            return True
    return False
