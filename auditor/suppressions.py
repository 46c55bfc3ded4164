"""`# audit: ignore[ID, ...]` comments: parsing them, and reporting the ones that do nothing.

The engine filters findings after every rule has run; rules never look at comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import EngineRule

SUPPRESSION = re.compile(r"#\s*audit:\s*ignore\[([^\]]*)\]", re.IGNORECASE)


@dataclass(frozen=True)
class Suppression:
    line: int
    column: int  # 1-based column of the comment
    end_column: int
    ids: tuple[str, ...]


def parse_suppressions(comments: dict[int, list[str]], lines: list[str]) -> dict[int, Suppression]:
    """Suppression comments by line. `comments` are real comment tokens, not strings."""
    out: dict[int, Suppression] = {}
    for line, texts in comments.items():
        for text in texts:
            m = SUPPRESSION.search(text)
            if not m:
                continue
            ids = tuple(i.strip().upper() for i in m.group(1).split(",") if i.strip())
            src = lines[line - 1] if 0 < line <= len(lines) else text
            col = src.find(text) + 1 if text in src else 1
            out[line] = Suppression(line, col, col + len(text), ids)
    return out


class UnusedSuppression(EngineRule):
    id = "AUD001"
    title = "Suppression comment that suppresses nothing"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    why = """
        An `# audit: ignore[...]` comment that matches no finding on its line is stale: the
        code it excused was fixed or moved, or the id is mistyped. Stale suppressions read as
        "someone reviewed this", hide the next real finding that lands on that line, and make
        the list of accepted risks impossible to trust in an audit.
        """
    fix = """
        Delete the comment, or correct the rule id so that it names the finding on that
        line. Keep suppressions next to the exact line they excuse, with a reason.
        """
    example = Example(
        before="""
            import subprocess

            subprocess.run(["ls"])  # audit: ignore[B602]
            """,
        after="""
            import subprocess

            subprocess.run(["ls"])
            """,
    )
    VALID = [
        """
        import subprocess

        subprocess.call(cmd, shell=True)  # audit: ignore[B602]
        """,
    ]
    INVALID = [
        """
        import subprocess

        subprocess.run(["ls"])  # audit: ignore[B602]  # expect
        value = 1  # audit: ignore[NOPE999]  # expect
        """,
    ]
