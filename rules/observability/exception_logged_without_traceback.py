"""OBS003: an exception logged as text inside `except`, without its traceback."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.analysis.logging_calls import logging_method
from auditor.helpers import keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.observability._idle import identifiers, keyword, logging_calls, position

# Warnings about an expected, handled condition may carry only the message.
_METHODS = frozenset({"error", "critical", "fatal"})


class ExceptionLoggedWithoutTraceback(Rule):
    id = "OBS003"
    title = "Exception logged without its traceback"
    category = Category.OBSERVABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 2
    tags = ("logging",)
    refs = (
        "https://docs.python.org/3/library/logging.html#logging.Logger.exception",
        "https://docs.python.org/3/library/logging.html#logging.Logger.debug",
        "https://docs.astral.sh/ruff/rules/error-instead-of-exception/",
    )
    why = """
        `logger.error(str(e))` or `logger.error(f"failed: {e}")` keeps only the message: for
        a `KeyError` that is just `'user_id'`, for many library errors an empty string. The
        traceback (which line, which call path, the chained cause) is gone, so the one log
        line that should explain a production failure cannot, and error trackers cannot
        group or link it to code.
    """
    fix = "Use `logger.exception(\"what failed\")` inside the `except` block, or pass `exc_info=True` (or `exc_info=e`) to error()/warning()."
    example = Example(
        before="""
            import logging

            logger = logging.getLogger(__name__)

            def sync(client):
                try:
                    client.push()
                except Exception as e:
                    logger.error(f"sync failed: {e}")
        """,
        after="""
            import logging

            logger = logging.getLogger(__name__)

            def sync(client):
                try:
                    client.push()
                except Exception:
                    logger.exception("sync failed")
        """,
    )
    VALID = [
        """
        import logging
        logger = logging.getLogger(__name__)
        try:
            work()
        except ValueError as e:
            logger.exception("work failed")
            logger.error("work failed: %s", e, exc_info=True)
            logger.info("retrying after %s", e)
            logger.warning("retrying after %s", e)
            logger.error("work failed")
        """,
    ]
    INVALID = [
        """
        import logging
        logger = logging.getLogger(__name__)
        try:
            work()
        except (ValueError, KeyError) as err:
            logger.error(str(err))  # expect
            logging.error(err)  # expect
            logger.critical("work failed: %s", err)  # expect
        """,
        """
        import logging
        logger = logging.getLogger(__name__)
        try:
            work()
        except* ValueError as group:
            logger.error("batch failed: %s", group)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._handlers: list[str] = []  # bound exception names; "" inside a nested def
        self.idle = not self._can_report()

    def _can_report(self) -> bool:
        """A report needs an error/critical/fatal logging call without `exc_info=` inside
        an `except ... as NAME:` handler (its type included, as libcst visits it with the
        handler entered), with NAME among the identifiers of its unnamed arguments."""
        index = self.context.index
        if index is None:
            return True
        handlers = [h for h in index.of(ast.ExceptHandler) if h.name]
        return bool(handlers) and any(
            method in _METHODS and keyword(call, "exc_info") is None and _names_its_exception(call, handlers)
            for call, method, _ in logging_calls(index, self.context.imports)
        )

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        name = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else ""
        self._handlers.append(name)

    def leave_ExceptHandler(self, original_node: cst.ExceptHandler) -> None:
        self._handlers.pop()

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:  # `except* E as e:`
        name = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else ""
        self._handlers.append(name)

    def leave_ExceptStarHandler(self, original_node: cst.ExceptStarHandler) -> None:
        self._handlers.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._handlers.append("")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._handlers.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if not self._handlers or not self._handlers[-1]:
            return
        found = logging_method(node, self.context.imports)
        if found is None or found[0] not in _METHODS or keyword_arg(node, "exc_info") is not None:
            return
        bound = self._handlers[-1]
        if any(m.findall(arg.value, m.Name(bound)) for arg in node.args if arg.keyword is None):
            self.report(node, f"{found[0]}() logs `{bound}` as text and drops the traceback; use logger.exception() or exc_info=True")


def _names_its_exception(call: ast.Call, handlers: list[ast.ExceptHandler]) -> bool:
    """Whether the unnamed arguments of `call` (`*x` and `**x` included) hold, as any
    identifier, the name bound by a handler that contains the call."""
    where = position(call)
    bound = {h.name for h in handlers if position(h) <= where <= (h.end_lineno or h.lineno, h.end_col_offset or 0)}
    unnamed = [*call.args, *(kw.value for kw in call.keywords if kw.arg is None)]
    return bool(bound) and not bound.isdisjoint(identifiers(unnamed))
