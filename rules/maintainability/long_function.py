from __future__ import annotations

from auditor.analysis.metrics import structure
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile

_LONG_BODY = "".join(f"    total += item.price * {i}\n" for i in range(101))


class LongFunction(FileRule):
    """A function with more source lines of code than a threshold (blank lines, comments
    and docstrings not counted)."""

    id = "MNT002"
    title = "Function too long to read in one sitting"
    category = Category.MAINTAINABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://rules.sonarsource.com/python/RSPEC-138/",
        "https://pylint.readthedocs.io/en/stable/user_guide/messages/refactor/too-many-statements.html",
    )
    tags = ("size",)
    options = {"max-lines": 100}
    effort = 30
    why = """
        A function of more than a screenful or two of code does several jobs at once. Nobody
        reviews all of it, a change to one job breaks another, and its tests cannot reach
        every combination of its parts. Long functions are where defects and merge
        conflicts cluster, and they keep growing: each fix adds a branch where it is
        easiest to add one.
        """
    fix = """
        Split it along its jobs: give each step (validate, fetch, compute, format, save) a
        function of its own with a name that says what it does, and keep the original as a
        short sequence of calls. Threshold: `options.MNT002.max-lines` (source lines of
        code, default 100).
        """
    example = Example(
        before="def invoice_total(order):\n    total = 0\n    item = order.items[0]\n" + _LONG_BODY + "    return total\n",
        after="""
            def invoice_total(order):
                subtotal = sum(line_price(item) for item in order.items)
                return subtotal + shipping(order) - discount(order)
            """,
    )
    VALID = [
        """
        def short(x):
            # comments, blank lines and docstrings do not count
            return x + 1
        """,
        '"""Docstring lines are not code."""\ndef documented(x):\n    """' + "Line.\n" * 150 + '"""\n    return x\n',
    ]
    INVALID = [
        "def invoice_total(order):  # expect\n    total = 0\n    item = order.items[0]\n" + _LONG_BODY + "    return total\n",
        "class Report:\n    def render(self, item):  # expect\n        total = 0\n"
        + "".join(f"        total += item.price * {i}\n" for i in range(101))
        + "        return total\n",
    ]

    def check(self, source: SourceFile) -> None:
        limit = int(self.opts["max-lines"])
        for fn in structure(source).functions:
            if fn.loc <= limit:
                continue
            self.report_at(
                fn.line,
                fn.column,
                message=f"`{fn.qualname}` has {fn.loc} lines of code (threshold {limit})",
                scope=fn.qualname,
                effort=self.effort + (fn.loc - limit) // 5,
            )
