"""PERF006: `re.compile` of a constant pattern inside a loop body."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from auditor.analysis.tracking import TrackingRule
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.rules.performance._idle import CallTargets, loops

_COMPILE = frozenset({"re.compile", "regex.compile"})
_TARGETS = CallTargets(_COMPILE)
_LITERAL = m.SimpleString() | m.ConcatenatedString()


class RegexCompiledInLoop(TrackingRule):
    id = "PERF006"
    title = "Regular expression compiled inside a loop"
    category = Category.PERFORMANCE
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 5
    tags = ("regex",)
    refs = ("https://docs.python.org/3/library/re.html#re.compile",)
    why = """
        `re.compile()` of a constant pattern inside a loop redoes, per iteration, work whose
        result never changes: at best a lookup in `re`'s small internal cache (512
        patterns, shared by the whole process and evicted by other code), at worst a full
        compile. In a hot loop over many lines it is measurable CPU for nothing, and it
        hides that the pattern is a constant.
    """
    fix = "Compile the pattern once at module level (`WORD = re.compile(r\"...\")`) and use it in the loop."
    example = Example(
        before="""
            import re

            def words(lines):
                for line in lines:
                    yield from re.compile(r"[a-z]+").findall(line)
        """,
        after="""
            import re

            WORD = re.compile(r"[a-z]+")

            def words(lines):
                for line in lines:
                    yield from WORD.findall(line)
        """,
    )
    VALID = [
        """
        import re
        WORD = re.compile(r"[a-z]+")
        def words(lines, patterns):
            for line in lines:
                WORD.findall(line)
                re.match(r"^#", line)
            return [re.compile(p) for p in patterns]
        """,
    ]
    INVALID = [
        """
        import re as regex_module
        def scan(lines):
            hits = [l for l in lines if regex_module.compile("ab+").search(l)]  # expect
            while lines:
                pat = regex_module.compile(r"\\d+" r"x", regex_module.I)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # A report is a call of one of _COMPILE in a loop body.
        self.idle = not _TARGETS.possible(context, loops)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.frame.loops or not node.args or self.qualify(node.func) not in _COMPILE:
            return
        if m.matches(node.args[0].value, _LITERAL) and node.args[0].keyword is None:
            self.report(node, "re.compile() of a constant pattern runs on every iteration; compile it once at module level")
