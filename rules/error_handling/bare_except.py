"""ERR005: a bare `except:` that handles the error but also catches interrupts."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.helpers import AstIndex
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.analysis.except_blocks import NOOP_BODY, contains
from auditor.rules.error_handling import _idle


class BareExcept(Rule):
    id = "ERR005"
    title = "Bare except: catches SystemExit and KeyboardInterrupt"
    category = Category.ERROR_HANDLING
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 2
    refs = (
        "https://docs.python.org/3/howto/logging.html",
        "https://peps.python.org/pep-0008/#programming-recommendations",
        "https://docs.astral.sh/ruff/rules/bare-except/",
    )
    why = """
        `except:` catches everything, including `SystemExit`, `KeyboardInterrupt` and
        `GeneratorExit`. The handler meant for errors (log, fall back, return a default)
        also runs when the process is told to stop, so shutdown and Ctrl-C are turned into
        an ordinary error path and the process keeps going. (A bare `except:` that only
        passes is reported by ERR001; this rule covers the ones that do something.)
    """
    fix = "Write `except Exception:` (or the specific exceptions you expect); re-raise if you really need to catch everything."
    example = Example(
        before="""
            def price(sku):
                try:
                    return fetch_price(sku)
                except:
                    logger.warning("price lookup failed for %s", sku)
                    return None
        """,
        after="""
            def price(sku):
                try:
                    return fetch_price(sku)
                except Exception:
                    logger.warning("price lookup failed for %s", sku, exc_info=True)
                    return None
        """,
    )
    VALID = [
        """
        def price(sku):
            try:
                return fetch_price(sku)
            except Exception:
                return None
        def transaction(conn):
            try:
                conn.commit()
            except:
                conn.rollback()
                raise
        """,
    ]
    INVALID = [
        """
        def price(sku):
            try:
                return fetch_price(sku)
            except:  # expect
                return None
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = context.index is not None and not _can_report(context.index)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.type is not None or m.matches(node.body, NOOP_BODY):
            return
        if contains(node.body, m.Raise()):
            return
        self.report(node, "bare `except:` also catches SystemExit and KeyboardInterrupt; catch Exception")


def _can_report(index: AstIndex) -> bool:
    """visit_ExceptHandler on the stdlib tree: a bare `except:` that does something and
    never raises (outside nested defs, lambdas and classes)."""
    return any(
        handler.type is None and not _idle.is_noop_body(handler.body) and not _idle.contains(handler.body, (ast.Raise,))
        for handler in index.of(ast.ExceptHandler)
    )
