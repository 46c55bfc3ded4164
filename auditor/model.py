"""The data that crosses layers: severities, findings, rule docs, the audit result.

Stdlib only. Everything here is a frozen dataclass or an enum so that results can be
returned from worker processes as plain data and rendered by any report.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    """Impact if the finding is real. Ordered: CRITICAL is the highest."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """4 for critical down to 0 for info."""
        return _SEVERITY_RANK[self]

    def __ge__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank >= other.rank

    def __gt__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank > other.rank

    def __le__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank <= other.rank

    def __lt__(self, other: Severity) -> bool:  # type: ignore[override]
        return self.rank < other.rank


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Confidence(enum.Enum):
    """The chance that a finding is real."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"high": 2, "medium": 1, "low": 0}[self.value]


class Category(enum.Enum):
    """The areas of the review checklist. The values are part of the JSON contract."""

    SECURITY = "security"
    PERFORMANCE = "performance"
    SCALABILITY = "scalability"
    ERROR_HANDLING = "error-handling"
    OBSERVABILITY = "observability"
    ARCHITECTURE = "architecture"
    MAINTAINABILITY = "maintainability"
    TESTING = "testing"
    DEPENDENCIES = "dependencies"
    DEPLOYMENT = "deployment"


@dataclass(frozen=True)
class Example:
    """A before/after pair shown by `audit explain` and the report; both are tested."""

    before: str
    after: str


@dataclass(frozen=True)
class TraceStep:
    """One step of a data-flow path (source -> ... -> sink) behind a finding."""

    file: str
    line: int
    column: int
    note: str  # what happens here: "request.args read", "passed to run_query(q)", "executed"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "note": self.note}


@dataclass(frozen=True)
class RuleDoc:
    """Everything a report needs to know about a rule, without the detector."""

    id: str
    name: str
    title: str
    category: Category
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...] = ()
    why: str = ""
    fix: str = ""
    example: Example | None = None
    refs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()
    source: str = "auditor"  # "auditor" or "bandit"
    supersedes: tuple[str, ...] = ()  # ids whose finding on the same line this one replaces
    effort: int = 10  # typical minutes to fix one finding (remediation estimate)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "category": self.category.value,
            "severity": self.severity.value,
            "confidence": self.confidence.value,
            "cwe": list(self.cwe),
            "why": self.why,
            "fix": self.fix,
            "example": (
                {"before": self.example.before, "after": self.example.after}
                if self.example
                else None
            ),
            "refs": list(self.refs),
            "tags": list(self.tags),
            "options": {k: v for k, v in self.options},
            "source": self.source,
            "supersedes": list(self.supersedes),
            "effort_minutes": self.effort,
        }


@dataclass(frozen=True)
class Finding:
    """One problem at one place. `file` is a POSIX path relative to the audited root."""

    rule: str
    title: str
    category: Category
    severity: Severity
    confidence: Confidence
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    cwe: tuple[int, ...] = ()
    snippet: str = ""
    scope: str = ""  # enclosing function/class qualname, for fingerprints
    fingerprint: str = ""
    trace: tuple[TraceStep, ...] = ()  # data-flow path, source first, for taint findings
    effort: int = 0  # estimated minutes to fix this one
    priority: float = 0.0  # 0-100, from severity, confidence, stage, exposure, hotspot
    priority_reason: str = ""  # one line: why it is ranked here

    def sort_key(self) -> tuple[Any, ...]:
        """Most important first, then by place, so output is deterministic."""
        return (
            -self.priority,
            -self.severity.rank,
            -self.confidence.rank,
            self.file,
            self.line,
            self.column,
            self.rule,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "category": self.category.value,
            "severity": self.severity.value,
            "confidence": self.confidence.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "cwe": list(self.cwe),
            "fingerprint": self.fingerprint,
            "snippet": self.snippet,
            "scope": self.scope,
            "trace": [step.to_dict() for step in self.trace],
            "effort_minutes": self.effort,
            "priority": self.priority,
            "priority_reason": self.priority_reason,
        }


class ErrorKind(enum.Enum):
    """Why a file (or part of its analysis) was not fully audited."""

    READ = "read-error"  # could not be read (permissions, vanished, not a file)
    DECODE = "decode-error"  # bytes are not valid text in the declared encoding
    PARSE = "parse-error"  # libcst could not parse it: no rule ran on it
    ANALYZER_SKIPPED = "analyzer-skipped"  # one analyzer (bandit/radon) could not run on it
    RULE_CRASH = "rule-crash"  # a rule raised on this file; other rules' findings are kept
    SKIPPED = "skipped"  # not audited on purpose (too large, binary)
    INTERNAL = "internal-error"  # a bug of the auditor's own on this file; the run goes on


@dataclass(frozen=True)
class FileError:
    file: str
    kind: ErrorKind
    message: str
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "kind": self.kind.value, "message": self.message}
        if self.rule:
            out["rule"] = self.rule
        return out


@dataclass(frozen=True)
class AuditResult:
    """What one run collected; reports render only this (they never re-read files)."""

    root: str
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    rules: dict[str, RuleDoc]  # every rule that was selected, by id
    files_analyzed: int
    lines_analyzed: int
    duration: float
    timings: dict[str, float] = field(default_factory=dict)
    tool_version: str = ""
    # Project-level data for reports, JSON-able, by top-level key ("graph", "metrics"...).
    sections: dict[str, Any] = field(default_factory=dict)
    # Prioritization (auditor.prioritize), JSON-able: the stage used and why, area grades
    # (area -> letter), the action plan (groups of findings by value for effort), and
    # hotspot files (churn x complexity).
    stage: dict[str, Any] = field(default_factory=dict)
    grades: dict[str, Any] = field(default_factory=dict)
    actions: tuple[dict[str, Any], ...] = ()
    hotspots: tuple[dict[str, Any], ...] = ()

    def counts_by_severity(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def counts_by_category(self) -> dict[str, int]:
        counts = {c.value: 0 for c in Category}
        for f in self.findings:
            counts[f.category.value] += 1
        return counts

    def at_or_above(self, threshold: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity >= threshold]
