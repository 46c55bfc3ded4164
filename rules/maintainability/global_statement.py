from __future__ import annotations

import ast

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule


class GlobalStatement(Rule):
    """A `global` statement: a function that rebinds a module-level name."""

    id = "MNT014"
    title = "Function rebinds module state with `global`"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    refs = (
        "https://docs.python.org/3/reference/simple_stmts.html#the-global-statement",
        "https://pylint.readthedocs.io/en/stable/user_guide/messages/warning/global-statement.html",
    )
    tags = ("state",)
    effort = 15
    why = """
        A function that assigns a module global has a hidden output: its effect depends on
        call order, is shared by every thread and every test, and cannot be undone between
        tests without reaching into the module. Under a threaded server two requests race
        on it; in tests, one test's leftovers change the next one's result.
        """
    fix = """
        Pass the value in and return the new one, keep the state on an object that callers
        hold, or, for a lazily built singleton, use `functools.cache` on a function that
        builds it.
        """
    example = Example(
        before="""
            _client = None

            def client():
                global _client
                if _client is None:
                    _client = make_client()
                return _client
            """,
        after="""
            import functools

            @functools.cache
            def client():
                return make_client()
            """,
    )
    VALID = [
        """
        COUNT = 0

        def read():
            return COUNT

        def outer():
            total = 0
            def inner():
                nonlocal total
                total += 1
            return inner
        """,
    ]
    INVALID = [
        """
        COUNT = 0

        def bump():
            global COUNT  # expect
            COUNT += 1
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # Every report is of a `global` statement.
        self.idle = context.index is not None and not context.index.has(ast.Global)

    def visit_Global(self, node: cst.Global) -> None:
        names = ", ".join(f"`{n.name.value}`" for n in node.names)
        self.report(node, f"`global {names}`: the function rebinds module state")
