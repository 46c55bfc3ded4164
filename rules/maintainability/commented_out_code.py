from __future__ import annotations

import ast
import keyword
import re
import textwrap
import warnings

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile

# Comments that look like code by design: tool pragmas, type comments, encodings.
_PRAGMA = re.compile(
    r"^\s*(type:|noqa|pragma|pylint:|mypy:|pyright:|fmt:|isort:|nosec|audit:|ruff:|flake8|-\*-|!|coding[:=]|vim:)",
    re.IGNORECASE,
)
_MAX_BLOCK = 30  # longest run of comment lines tried as one piece of code
# Two names side by side (`the total`, `Robert Coup`), neither a keyword: Python's grammar
# has no statement with that. Looked for on the first line before any quote, comment or
# backslash (so outside strings); the second name must not be a string prefix (`rb"x"`).
_TWO_NAMES = re.compile(r"(?<![\w.])([A-Za-z_]\w*)[ \t]+([A-Za-z_]\w*)(?![\w'\"])", re.ASCII)
_STRING_OR_COMMENT = re.compile(r"[#'\"\\]")
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
# What makes an expression on its own line code rather than words.
_CODE = (
    ast.Call, ast.Subscript, ast.Lambda, ast.ListComp, ast.DictComp, ast.SetComp,
    ast.GeneratorExp, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr,
)


class CommentedOutCode(FileRule):
    """Consecutive comment lines that parse as Python statements: code switched off by
    commenting it out. Prose, labels (`Note: ...`), single words and tool pragmas are
    not code."""

    id = "MNT012"
    title = "Commented-out code"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    refs = ("https://rules.sonarsource.com/python/RSPEC-125/",)
    tags = ("dead-code",)
    effort = 5
    why = """
        Commented-out code is never run, tested or updated: it rots while the code around
        it changes, and every reader has to decide whether it matters, whether it was
        disabled on purpose, and whether to bring it back. Version control already keeps
        the old code.
        """
    fix = """
        Delete it; `git log -S` finds it again if anyone needs it. If it is an alternative
        that must stay available, make it real code behind a setting or a flag.
        """
    example = Example(
        before="""
            def total(items):
                # for item in items:
                #     if item.discount:
                #         item.price *= 0.9
                return sum(item.price for item in items)
            """,
        after="""
            def total(items):
                return sum(item.price for item in items)
            """,
    )
    VALID = [
        """
        # Compute the total price of the order: every item counts once,
        # even when it appears twice (see issue 12).
        # Note: prices are in cents
        # TODO
        x = 1  # type: int
        # noqa: E501
        # e.g. total(items) returns 0 for an empty list
        # -*- coding: utf-8 -*-
        # quoted-string
        # LOUTER or INNER
        # string, not bytes. Refs #19274.
        #  - LOG(double, double)
        """,
    ]
    INVALID = [
        """
        def total(items):
            # Old version kept for reference:
            # for item in items:  # expect
            #     if item.discount:
            #         item.price *= 0.9
            return sum(item.price for item in items)

        # print(total([]))  # expect
        y = 2
        # import pdb; pdb.set_trace()  # expect
        """,
    ]

    def check(self, source: SourceFile) -> None:
        lines = source.lines
        block: list[tuple[int, str]] = []
        for line in sorted(source.comments):
            text = lines[line - 1] if line <= len(lines) else ""
            if not text.lstrip().startswith("#"):
                self._flush(block)
                block = []
                continue  # a trailing comment after code
            if block and block[-1][0] != line - 1:
                self._flush(block)
                block = []
            block.append((line, text.lstrip()[1:]))
        self._flush(block)

    def _flush(self, block: list[tuple[int, str]]) -> None:
        i = 0
        while i < len(block):
            end = _code_run(block, i)
            if end is None:
                i += 1
                continue
            first, last = block[i][0], block[end][0]
            what = "line" if first == last else f"{last - first + 1} lines"
            self.report_at(first, end_line=last, message=f"commented-out code ({what})")
            i = end + 1


def _code_run(block: list[tuple[int, str]], start: int) -> int | None:
    """The last index of the longest run from `start` that parses as code, if any."""
    if _PRAGMA.match(block[start][1]) or not block[start][1].strip() or _never_code(block[start][1]):
        return None
    for end in range(min(len(block), start + _MAX_BLOCK) - 1, start - 1, -1):
        if _is_code([text for _, text in block[start:end + 1]]):
            return end
    return None


def _never_code(first: str) -> bool:
    """No run of lines that starts with this one parses: it has two names side by side
    (prose: `The total is`), so trying each run with the parser would be wasted."""
    cut = _STRING_OR_COMMENT.search(first)
    head = first[: cut.start()] if cut else first
    return any(m[1] not in _KEYWORDS and m[2] not in _KEYWORDS for m in _TWO_NAMES.finditer(head))


def _is_code(texts: list[str]) -> bool:
    # Comments carry their own trailing notes ("x = 1  # old"): keep only the first part.
    body = textwrap.dedent("\n".join(t[1:] if t.startswith(" ") else t for t in texts))
    if not body.strip() or body[:1].isspace():
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(body)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return any(not _prose(stmt) for stmt in tree.body)


def _prose(stmt: ast.stmt) -> bool:
    """A statement that a sentence, a word, a label or a bullet parses as: an expression
    that calls, indexes or builds nothing (`quoted-string`, `LOUTER or INNER`, `- item`),
    or `Note: words`."""
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        if isinstance(value, ast.UnaryOp):
            return True  # a "- item" or "+ item" bullet
        return not any(isinstance(node, _CODE) for node in ast.walk(value))
    if isinstance(stmt, ast.AnnAssign):
        return stmt.value is None
    return False
