from __future__ import annotations

import re

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile

# The marker as a word, in capitals, at the start of the comment or after a space.
_MARKER = re.compile(r"(?:^#+|\s)(TODO|FIXME|HACK|XXX)\b")
_DEFECTS = frozenset({"FIXME", "HACK", "XXX"})


class TodoComment(FileRule):
    """A TODO, FIXME, HACK or XXX comment: work its author knew was unfinished."""

    id = "MNT011"
    title = "Unfinished work marked in a comment"
    category = Category.MAINTAINABILITY
    severity = Severity.INFO
    confidence = Confidence.HIGH
    refs = ("https://rules.sonarsource.com/python/RSPEC-1135/",)
    tags = ("debt-marker",)
    effort = 10
    why = """
        A TODO is a promise kept in a place nobody reviews: it is not in the backlog, has no
        owner and no date, and outlives its author. FIXME, HACK and XXX (reported at low
        severity) mark code its author knew to be wrong or fragile; they are where the known
        bugs and workarounds are.
        """
    fix = """
        Do the work, or move it to the issue tracker and reference the issue in the comment
        (`# TODO(#1234): ...`) so it is planned and owned; delete markers that are done.
        """
    example = Example(
        before="""
            def fetch(url):
                # FIXME: retries forever when the server is down
                return get(url)
            """,
        after="""
            def fetch(url):
                return get(url, retries=3)
            """,
    )
    VALID = [
        """
        # This module has no todo list; "fixme" in lower case is prose.
        def f():
            '''TODO in a docstring is documentation, not a comment.'''
            return "TODO"  # the string is data
        """,
    ]
    INVALID = [
        """
        def fetch(url):
            # TODO: cache the response  # expect
            return get(url)  # HACK: the API ignores the timeout  # expect
        #XXX wrong for leap years  # expect
        """,
    ]

    def check(self, source: SourceFile) -> None:
        for line, texts in sorted(source.comments.items()):
            for text in texts:
                match = _MARKER.search(text)
                if match is None:
                    continue
                marker = match.group(1)
                note = text.lstrip("#").strip()
                self.report_at(
                    line,
                    _column(source, line, text),
                    message=f"{marker} comment: {note[:120]}",
                    severity=Severity.LOW if marker in _DEFECTS else None,
                )
                break


def _column(source: SourceFile, line: int, comment: str) -> int:
    text = source.lines[line - 1] if 0 < line <= len(source.lines) else ""
    return max(text.find(comment), 0) + 1
