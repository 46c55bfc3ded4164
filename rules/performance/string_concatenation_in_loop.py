"""PERF009: a string built with `+=` inside a loop."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.analysis.tracking import TrackingRule
from auditor.helpers import compiled_matcher
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.rules.performance._idle import loops, within

_STR_LITERAL = m.SimpleString() | m.ConcatenatedString() | m.FormattedString()
_IS_STR_LITERAL = compiled_matcher(_STR_LITERAL)
_IS_PLAIN_STRING = compiled_matcher(m.SimpleString() | m.ConcatenatedString())
_KEY = "str-names"


def _can_report(context: FileContext) -> bool:
    """A report is `name += <not a plain string literal>` in a loop body, where `name` was
    assigned a string literal (ast: a str/bytes Constant or a JoinedStr) in the frame."""
    index = context.index
    if index is None:
        return True
    grown = [
        node
        for node in index.of(ast.AugAssign)
        if isinstance(node.op, ast.Add)
        and isinstance(node.target, ast.Name)
        # a str/bytes Constant is a plain literal (adjacent ones folded): never reported
        and not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, (str, bytes)))
    ]
    if not grown:
        return False
    strings = {
        target.id
        for node in index.of(ast.Assign)
        if isinstance(node.value, ast.JoinedStr)
        or (isinstance(node.value, ast.Constant) and isinstance(node.value.value, (str, bytes)))
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    where = loops(context)
    return any(node.target.id in strings and within(node.lineno, where) for node in grown)


class StringConcatenationInLoop(TrackingRule):
    id = "PERF009"
    title = "String built by += concatenation in a loop"
    category = Category.PERFORMANCE
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 5
    tags = ("strings",)
    refs = (
        "https://docs.python.org/3/faq/programming.html#what-is-the-most-efficient-way-to-concatenate-many-strings-together",
    )
    why = """
        Strings and bytes are immutable: `s += part` copies everything built so far, so a loop that
        appends n pieces does O(n^2) work. CPython sometimes resizes in place, but only
        while nothing else references the string (a debugger, a second name, an attribute
        breaks it) and never on PyPy. Building a large response, CSV or SQL text this way
        turns a linear job into seconds of CPU as the data grows.
    """
    fix = "Collect the pieces in a list and `\"\".join(parts)` once, or write to an `io.StringIO`."
    example = Example(
        before="""
            def to_csv(rows):
                out = ""
                for row in rows:
                    out += ",".join(row) + "\\n"
                return out
        """,
        after="""
            def to_csv(rows):
                return "".join(",".join(row) + "\\n" for row in rows)
        """,
    )
    VALID = [
        """
        def total(values):
            n = 0
            for v in values:
                n += v
            parts = []
            for v in values:
                parts += [str(v)]
            return n, "".join(parts)
        """,
        # A constant step: a fence grows by one backtick.
        """
        def fence(code):
            fence = "```"
            while fence in code:
                fence += "`"
            return fence
        """,
        # Rebound to something that is not a str before the loop.
        """
        def build(values):
            text = ""
            text = []
            for v in values:
                text += [v]
        """,
    ]
    INVALID = [
        """
        def render(items):
            html = "<ul>"
            for item in items:
                html += f"<li>{item}</li>"  # expect
            count = 0
            while count < 3:
                html += sep + str(count)  # expect
                count += 1
            return html
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = not _can_report(context)

    def _str_names(self) -> set[str]:
        names = self.frame.facts.get(_KEY)
        if names is None:
            names = self.frame.facts[_KEY] = set()
        return names  # type: ignore[return-value]

    def visit_Assign(self, node: cst.Assign) -> None:
        is_str = _IS_STR_LITERAL(node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                names = self._str_names()
                if is_str and not self.frame.loops:
                    names.add(target.target.value)
                elif not is_str:
                    names.discard(target.target.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if not self.frame.loops or not isinstance(node.operator, cst.AddAssign):
            return
        target = node.target
        # A constant piece (padding, a fence of backticks) grows by a fixed step in a
        # short loop; the quadratic case appends data.
        if _IS_PLAIN_STRING(node.value):
            return
        if isinstance(target, cst.Name) and target.value in self._str_names():
            self.report(node, f"`{target.value} += ...` in a loop copies the whole string/bytes each time; append to a list and join once")
