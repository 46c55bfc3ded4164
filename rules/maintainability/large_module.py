from __future__ import annotations

from auditor.analysis.metrics import raw_metrics
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile

_BIG = "".join(f"def handler_{i}(request):\n    return {i}\n\n\n" for i in range(501))


class LargeModule(FileRule):
    """A module with more source lines of code than a threshold."""

    id = "MNT006"
    title = "Module too large"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    refs = (
        "https://rules.sonarsource.com/python/RSPEC-104/",
        "https://pylint.readthedocs.io/en/stable/user_guide/messages/convention/too-many-lines.html",
    )
    tags = ("size",)
    options = {"max-lines": 1000, "include-tests": False}
    effort = 60
    why = """
        A module of thousands of lines is a package that was never split: unrelated code
        shares one namespace and one import, so every importer loads (and depends on) all
        of it, merge conflicts concentrate there, and nobody knows which parts still belong
        together.
        """
    fix = """
        Turn it into a package: move each cohesive group of classes and functions into a
        module of its own and re-export the public names from `__init__.py` so imports keep
        working. Threshold: `options.MNT006.max-lines` (source lines of code, default 1000);
        test files are skipped unless `include-tests` is set.
        """
    example = Example(
        before="# views.py: five hundred handlers in one module\n" + _BIG,
        after="""
            # file: views/__init__.py
            from views.orders import order_list
            # file: views/orders.py
            def order_list(request):
                return []
            """,
    )
    VALID = [
        "# file: tests/test_handlers.py\n" + _BIG,
        '"""A module of modest size."""\n\n\ndef handler(request):\n    return 1\n',
    ]
    INVALID = ["# expect\n" + _BIG]

    def check(self, source: SourceFile) -> None:
        if self.context.is_test and not self.opts["include-tests"]:
            return  # one test module per feature grows with the feature
        limit = int(self.opts["max-lines"])
        sloc = raw_metrics(source).sloc
        if sloc > limit:
            self.report_at(
                1,
                message=f"module has {sloc} lines of code (threshold {limit})",
                effort=self.effort + (sloc - limit) // 50,
            )
