from __future__ import annotations

from auditor.analysis.metrics import structure
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile


class DeepNesting(FileRule):
    """A function whose blocks (if/for/while/try/with/match) nest deeper than a threshold;
    `elif` is not a level, and nested functions count on their own."""

    id = "MNT004"
    title = "Blocks nested too deeply"
    category = Category.MAINTAINABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://rules.sonarsource.com/python/RSPEC-134/",
        "https://refactoring.guru/replace-nested-conditional-with-guard-clauses",
    )
    tags = ("complexity",)
    options = {"max-depth": 4}
    effort = 20
    why = """
        Each nested block multiplies the states a reader must keep in mind: at five levels
        the innermost line runs only under a conjunction of conditions nobody can state
        from memory. Deeply nested code hides the error paths, is where `else` branches go
        missing, and resists tests that reach its centre.
        """
    fix = """
        Return or `continue` early (guard clauses) instead of wrapping the rest in an `if`,
        move the inner loop body into a function of its own, and replace nested condition
        ladders with a lookup table. Threshold: `options.MNT004.max-depth` (default 4).
        """
    example = Example(
        before="""
            def sync(accounts):
                for account in accounts:
                    if account.active:
                        for invoice in account.invoices:
                            if invoice.unpaid:
                                try:
                                    charge(invoice)
                                except CardDeclined:
                                    notify(account)
            """,
        after="""
            def sync(accounts):
                for account in accounts:
                    if account.active:
                        charge_unpaid(account)


            def charge_unpaid(account):
                for invoice in account.invoices:
                    if not invoice.unpaid:
                        continue
                    try:
                        charge(invoice)
                    except CardDeclined:
                        notify(account)
            """,
    )
    VALID = [
        """
        def route(kind, a, b):
            if kind == 1:
                return a
            elif kind == 2:
                return b
            elif kind == 3:
                return a + b
            elif kind == 4:
                return a - b
            elif kind == 5:
                return a * b
            else:
                return None
        """,
        """
        def outer(items):
            for item in items:
                if item:
                    def inner(x):
                        for y in x:
                            if y:
                                with y:
                                    return y
                    return inner
        """,
    ]
    INVALID = [
        """
        def sync(accounts):  # expect
            for account in accounts:
                if account.active:
                    for invoice in account.invoices:
                        if invoice.unpaid:
                            try:
                                charge(invoice)
                            except CardDeclined:
                                notify(account)
        """,
    ]

    def check(self, source: SourceFile) -> None:
        limit = int(self.opts["max-depth"])
        for fn in structure(source).functions:
            if fn.nesting > limit:
                self.report_at(
                    fn.line,
                    fn.column,
                    message=(
                        f"`{fn.qualname}` nests blocks {fn.nesting} deep (at line {fn.nesting_line}; "
                        f"threshold {limit})"
                    ),
                    scope=fn.qualname,
                )
