from __future__ import annotations

from auditor.analysis.metrics import structure
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile

_METHODS = "".join(f"    def step_{i}(self):\n        return {i}\n\n" for i in range(41))


class LargeClass(FileRule):
    """A class with more methods, or more source lines of code, than a threshold."""

    id = "MNT005"
    title = "Class too large"
    category = Category.MAINTAINABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://rules.sonarsource.com/python/RSPEC-1448/",
        "https://refactoring.guru/smells/large-class",
    )
    tags = ("size",)
    options = {"max-methods": 40, "max-lines": 500, "include-tests": False}
    effort = 60
    why = """
        A class with dozens of methods or hundreds of lines has taken on several
        responsibilities. Every change to it risks the others, its instances carry state
        that most methods never use, and its subclasses inherit far more than they need;
        tests have to build the whole object to check any one part.
        """
    fix = """
        Find the groups of methods that work on the same attributes and move each group into
        a class of its own that the original holds or delegates to; turn helpers that use no
        state into functions. Thresholds: `options.MNT005.max-methods` (default 40) and
        `max-lines` (source lines of code, default 500); test files are skipped unless
        `include-tests` is set.
        """
    example = Example(
        before="class Pipeline:\n" + _METHODS,
        after="""
            class Pipeline:
                def __init__(self, steps):
                    self.steps = steps

                def run(self):
                    return [step() for step in self.steps]
            """,
    )
    VALID = [
        "# file: tests/test_pipeline.py\nclass TestPipeline:\n" + _METHODS.replace("def step_", "def test_"),
        """
        class Small:
            def a(self):
                return 1

            def b(self):
                return 2
        """,
    ]
    INVALID = [
        "class Pipeline:  # expect\n" + _METHODS,
        "class Table:  # expect\n    def render(self, row):\n        out = []\n"
        + "".join(f"        out.append(row[{i}])\n" for i in range(500))
        + "        return out\n",
    ]

    def check(self, source: SourceFile) -> None:
        if self.context.is_test and not self.opts["include-tests"]:
            return  # a test case class with many test methods is the norm
        max_methods, max_lines = int(self.opts["max-methods"]), int(self.opts["max-lines"])
        for cls in structure(source).classes:
            over = []
            if cls.methods > max_methods:
                over.append(f"{cls.methods} methods (threshold {max_methods})")
            if cls.loc > max_lines:
                over.append(f"{cls.loc} lines of code (threshold {max_lines})")
            if over:
                self.report_at(
                    cls.line, cls.column, message=f"class `{cls.qualname}` has " + " and ".join(over), scope=cls.qualname
                )
