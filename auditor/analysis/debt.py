"""What the findings cost to fix, and what that means for a module (SonarQube's model).

- Remediation cost: the sum of the findings' `effort` minutes (each rule's estimate,
  scaled by size where the rule says so, e.g. a longer clone costs more).
- Development cost: an estimate of what writing the code took, SLOC x 30 minutes.
- Debt ratio = remediation cost / development cost.
- Maintainability rating from the ratio: A <= 5 %, B <= 10 %, C <= 20 %, D <= 50 %, E above.
"""

from __future__ import annotations

from typing import Iterable

from auditor.model import Finding

MINUTES_PER_LINE = 30
RATING_LIMITS = (("A", 0.05), ("B", 0.10), ("C", 0.20), ("D", 0.50))


def debt_by_file(findings: Iterable[Finding]) -> dict[str, int]:
    """Remediation minutes per file ("" for findings that name no file)."""
    out: dict[str, int] = {}
    for f in findings:
        out[f.file] = out.get(f.file, 0) + f.effort
    return out


def debt_by_category(findings: Iterable[Finding]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in findings:
        out[f.category.value] = out.get(f.category.value, 0) + f.effort
    return dict(sorted(out.items()))


def debt_ratio(minutes: int, sloc: int) -> float:
    """Remediation minutes over development minutes (SLOC x 30); 0 for empty code."""
    return minutes / (sloc * MINUTES_PER_LINE) if sloc > 0 else 0.0


def rating(ratio: float) -> str:
    """A-E from the debt ratio, SonarQube's default grid."""
    for letter, limit in RATING_LIMITS:
        if ratio <= limit:
            return letter
    return "E"
