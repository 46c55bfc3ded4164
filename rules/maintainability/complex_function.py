from __future__ import annotations

from auditor.adapters.radon import function_complexities
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile


class ComplexFunction(FileRule):
    """A function whose cyclomatic complexity (as radon computes it) passes a threshold."""

    id = "MNT001"
    title = "Function too complex to change safely"
    category = Category.MAINTAINABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 30  # minutes to fix one finding
    refs = (
        "https://radon.readthedocs.io/en/latest/intro.html#cyclomatic-complexity",
        "https://en.wikipedia.org/wiki/Cyclomatic_complexity",
    )
    tags = ("complexity", "radon")
    options = {"threshold": 10, "high-threshold": 20}
    why = """
        Cyclomatic complexity counts the independent paths through a function. Past about 10
        paths nobody holds the function in their head: each change risks a branch nobody
        re-tested, bugs cluster there, and reviews of it are rubber stamps. Past 20 (radon
        rank D and worse) a function usually mixes several jobs, and its tests cover a
        fraction of its paths.
        """
    fix = """
        Split the function along its decisions: extract each branch's work into a named
        helper, replace `if/elif` ladders over a value with a dict dispatch or polymorphism,
        return early instead of nesting, and move validation into its own function. Aim for
        rank A or B (complexity 10 or less). Thresholds: `options.MNT001.threshold` and
        `high-threshold` (above it the finding is high, except in test code: a tangled
        test is hard to maintain but ships nothing, so it does not fail a `--fail-on high` gate).
        """
    example = Example(
        before="""
            def price(order):
                total = 0
                for item in order.items:
                    if item.kind == "book":
                        total += item.price * 0.9
                    elif item.kind == "food":
                        total += item.price * 0.95
                    elif item.kind == "gift":
                        total += 0
                    elif item.kind == "sale" and item.price > 100:
                        total += item.price * 0.5
                    elif item.kind == "sale":
                        total += item.price * 0.7
                    else:
                        total += item.price
                if order.coupon and order.coupon.valid:
                    total -= order.coupon.amount
                if total < 0:
                    total = 0
                return total
            """,
        after="""
            DISCOUNTS = {"book": 0.9, "food": 0.95, "gift": 0.0}


            def item_price(item):
                if item.kind == "sale":
                    return item.price * (0.5 if item.price > 100 else 0.7)
                return item.price * DISCOUNTS.get(item.kind, 1.0)


            def price(order):
                total = sum(item_price(item) for item in order.items)
                if order.coupon and order.coupon.valid:
                    total -= order.coupon.amount
                return max(total, 0)
            """,
    )
    VALID = [
        """
        def simple(x):
            if x:
                return 1
            return 2
        """,
        """
        class Router:
            def route(self, path):
                for prefix, handler in self.table:
                    if path.startswith(prefix):
                        return handler
                return None
        """,
    ]
    INVALID = [
        """
        def classify(a, b, c, d, e):  # expect
            if a and b:
                return 1
            if c or d:
                return 2
            for x in e:
                if x > 1:
                    return 3
                elif x < -1:
                    return 4
                while x:
                    x -= 1
            try:
                pass
            except ValueError:
                return 5
            return 6 if a else 7
        """,
        """
        class Service:
            def handle(self, req):  # expect
                if req.a: return 1
                if req.b: return 2
                if req.c: return 3
                if req.d: return 4
                if req.e: return 5
                if req.f: return 6
                if req.g: return 7
                if req.h: return 8
                if req.i: return 9
                if req.j: return 10
                return 0

            def small(self):
                return 1
        """,
    ]

    def check(self, source: SourceFile) -> None:
        threshold = int(self.opts["threshold"])
        high = int(self.opts["high-threshold"])
        for fn in function_complexities(source):
            if fn.complexity <= threshold:
                continue
            self.report_at(
                fn.line,
                fn.column,
                message=(
                    f"`{fn.qualname}` has cyclomatic complexity {fn.complexity} "
                    f"(radon rank {fn.rank}; threshold {threshold})"
                ),
                severity=Severity.HIGH if fn.complexity > high and not self.context.is_test else None,
                scope=fn.qualname,
            )
