"""OBS002: a logging message formatted before the call (f-string, %, .format)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import Any

import libcst as cst
import libcst.matchers as m

from auditor.analysis.logging_calls import logging_method, message_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.observability._idle import keyword, logging_calls

_STRING = m.SimpleString() | m.ConcatenatedString()
_EAGER = (
    m.FormattedString(parts=[m.ZeroOrMore(), m.FormattedStringExpression(), m.ZeroOrMore()])
    | m.BinaryOperation(left=_STRING, operator=m.Modulo())
    | m.Call(func=m.Attribute(value=_STRING, attr=m.Name("format")))
)


class EagerLogFormatting(Rule):
    id = "OBS002"
    title = "Log message formatted eagerly (f-string, % or .format)"
    category = Category.OBSERVABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 2
    tags = ("logging",)
    refs = (
        "https://docs.python.org/3/howto/logging.html#optimization",
        "https://docs.sentry.io/platforms/python/integrations/logging/",
        "https://docs.astral.sh/ruff/rules/logging-f-string/",
    )
    why = """
        `logger.debug(f"loaded {len(rows)} rows: {rows}")` builds the string (and calls
        every `repr`) even when DEBUG is off, which in a hot path is real CPU. Worse for
        operations: error trackers and log platforms group events by the message template;
        with the values baked in, every occurrence is a distinct message, so one recurring
        error shows up as thousands of unrelated ones and alert thresholds never trigger.
    """
    fix = "Pass the values as arguments: `logger.info(\"loaded %d rows for %s\", len(rows), user_id)`; logging formats only if the record is emitted."
    example = Example(
        before="""
            import logging

            logger = logging.getLogger(__name__)

            def charge(order):
                logger.info(f"charging order {order.id} for {order.total}")
        """,
        after="""
            import logging

            logger = logging.getLogger(__name__)

            def charge(order):
                logger.info("charging order %s for %s", order.id, order.total)
        """,
    )
    VALID = [
        """
        import logging
        logger = logging.getLogger(__name__)
        logger.info("charging order %s", order_id)
        logger.info(f"static text")
        logger.log(logging.INFO, "n=%d", n)
        print(f"{x}")
        results.info(f"{x}")
        """,
    ]
    INVALID = [
        """
        import logging
        log = logging.getLogger(__name__)
        class Worker:
            def run(self, job):
                self.logger.warning("job %s failed" % job.id)  # expect
                log.error("job {} failed".format(job.id))  # expect
                logging.getLogger("jobs").debug(f"{job}")  # expect
                log.log(logging.INFO, f"done {job.id}")  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = not self._can_report()

    def _can_report(self) -> bool:
        """A report needs a logging call whose message argument is an f-string, a string
        `%` something, or a string's `.format(...)`: in the stdlib tree a JoinedStr or a
        str/bytes Constant (adjacent literals are folded into one) in those places."""
        index = self.context.index
        if index is None:
            return True
        return any(_eager(_message(call, method), index.text) for call, method, _ in logging_calls(index, self.context.imports))

    def visit_Call(self, node: cst.Call) -> None:
        found = logging_method(node, self.context.imports)
        if found is None:
            return
        arg = message_arg(node, found[0])
        if arg is not None and m.matches(arg.value, _EAGER):
            self.report(node, f"log message formatted before {found[0]}(); pass the values as arguments")


def _message(call: ast.Call, method: str) -> ast.expr | None:
    """`message_arg` on the stdlib node (starred arguments are not positional there)."""
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    index = 1 if method == "log" else 0
    if len(positional) > index:
        return positional[index]
    found = keyword(call, "msg")
    return found.value if found is not None else None


def _is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)))


def _eager(node: ast.expr | None, text: str) -> bool:
    """What `_EAGER` may match: an f-string with a replacement field, `<string> % ...`,
    `<string>.format(...)`."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values) and _one_literal(node, text)
    if isinstance(node, ast.BinOp):
        return isinstance(node.op, ast.Mod) and _is_string(node.left)
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Attribute) and node.func.attr == "format" and _is_string(node.func.value)
    return False


_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12+: f-strings are token runs
_FSTRING_END = getattr(tokenize, "FSTRING_END", -1)


def _one_literal(node: ast.JoinedStr, text: str) -> bool:
    """False when the f-string is adjacent literals (`f"a {x} " f"b"`): one JoinedStr in
    the stdlib tree but a ConcatenatedString for libcst, which `_EAGER` does not match.
    True when unsure."""
    segment = _segment(text, node)
    if segment is None:
        return True
    literals = depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(f"({segment})").readline):
            if token.type == _FSTRING_START:
                literals += depth == 0
                depth += 1
            elif token.type == _FSTRING_END:
                depth -= 1
            elif token.type == tokenize.STRING and depth == 0:
                literals += 1
    except (tokenize.TokenError, SyntaxError):
        return True
    return literals <= 1


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_LINES: list[Any] = [None, []]  # the last text split, and its lines: one file's calls share it


def _segment(text: str, node: ast.expr) -> str | None:
    """`ast.get_source_segment(text, node)`, splitting the text once per file (it splits
    the whole text on every call: quadratic on a file of many f-string log calls)."""
    if _LINES[0] is not text:
        _LINES[:] = [text, _LINE.findall(text)]
    lines: list[str] = _LINES[1]
    end_lineno, end_col = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
    if end_lineno is None or end_col is None or not 0 < node.lineno <= end_lineno <= len(lines):
        return None
    first, last = node.lineno - 1, end_lineno - 1
    if first == last:
        return lines[first].encode()[node.col_offset:end_col].decode()
    head = lines[first].encode()[node.col_offset:].decode()
    tail = lines[last].encode()[:end_col].decode()
    return "".join([head, *lines[first + 1:last], tail])
