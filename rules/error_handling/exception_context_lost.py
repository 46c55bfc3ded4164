"""ERR002: a new exception raised in an `except` block without `from`."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.helpers import AstIndex
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.error_handling import _idle


class ExceptionContextLost(Rule):
    id = "ERR002"
    title = "Exception re-raised as another without `from`"
    category = Category.ERROR_HANDLING
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 2
    supersedes = ("B904",)
    refs = (
        "https://docs.python.org/3/tutorial/errors.html#exception-chaining",
        "https://peps.python.org/pep-3134/",
        "https://docs.astral.sh/ruff/rules/raise-without-from-inside-except/",
    )
    why = """
        Raising a new exception inside `except` without `from` records the original only as
        implicit context: the traceback says "During handling of the above exception,
        another exception occurred", which reads as a second bug in the handler, and
        error trackers group and title the event by the new exception. Whoever is on call
        sees `ServiceError: lookup failed` and has to guess that a `KeyError` or a timeout
        caused it. `from err` states the cause; `from None` says it is deliberately hidden.
    """
    fix = "Write `raise NewError(...) from err` (bind the caught exception with `as err`), or `from None` to hide it on purpose."
    example = Example(
        before="""
            def load(path):
                try:
                    return parse(path)
                except ValueError:
                    raise ConfigError(f"bad config: {path}")
        """,
        after="""
            def load(path):
                try:
                    return parse(path)
                except ValueError as err:
                    raise ConfigError(f"bad config: {path}") from err
        """,
    )
    VALID = [
        """
        def load(path):
            try:
                return parse(path)
            except ValueError as err:
                raise ConfigError(path) from err
            except KeyError:
                raise
            except OSError as err:
                raise err
            except TypeError:
                def later():
                    raise RuntimeError("deferred")
                return later
        """,
        """
        # file: tests/test_load.py
        def test_load():
            try:
                load()
            except ValueError:
                raise AssertionError("should not fail")
        """,
    ]
    INVALID = [
        """
        def load(path):
            try:
                return parse(path)
            except ValueError as err:
                raise ConfigError(str(err))  # expect
            except (KeyError, IndexError):
                if strict:
                    raise LookupError  # expect
                return None
        """,
        """
        def run(jobs):
            try:
                gather(jobs)
            except* ValueError as group:
                raise BatchError("a job failed")  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # One entry per enclosing handler or def: the handler's bound name, or None for a def.
        self._stack: list[str | None] = []
        # A test file never reports (visit_Raise); elsewhere, see _can_report.
        self.idle = context.is_test or (context.index is not None and not _can_report(context.index))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        name = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else ""
        self._stack.append(name)

    def leave_ExceptHandler(self, original_node: cst.ExceptHandler) -> None:
        self._stack.pop()

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:  # `except* E as e:`
        name = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else ""
        self._stack.append(name)

    def leave_ExceptStarHandler(self, original_node: cst.ExceptStarHandler) -> None:
        self._stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._stack.append(None)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._stack.pop()

    def visit_Raise(self, node: cst.Raise) -> None:
        if not self._stack or self._stack[-1] is None or node.exc is None or node.cause is not None:
            return
        if self.context.is_test:
            return
        exc = node.exc
        if isinstance(exc, cst.Name) and exc.value == self._stack[-1]:
            return
        self.report(node, "exception raised inside `except` without `from`: the original cause reads as a second error")


def _can_report(index: AstIndex) -> bool:
    """The reporting `raise` on the stdlib tree: `raise X` without `from` whose nearest
    enclosing handler-or-def is an `except` handler, X not that handler's bound name."""
    if not index.has(ast.Raise) or not index.has(ast.ExceptHandler):
        return False
    for handler in index.of(ast.ExceptHandler):
        name = handler.name or ""
        if any(_loses_context(stmt, name) for stmt in _idle.own_statements(handler.body, handlers=False)):
            return True
    return False


def _loses_context(stmt: ast.stmt, handler_name: str) -> bool:
    if not isinstance(stmt, ast.Raise) or stmt.exc is None or stmt.cause is not None:
        return False
    return not (isinstance(stmt.exc, ast.Name) and stmt.exc.id == handler_name)
