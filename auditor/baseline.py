"""Baselines: record today's findings, then report and gate only the new ones.

A finding matches a recorded entry by rule plus, in order of preference: the same file and
fingerprint; the same fingerprint in another file (the file was renamed); the same
enclosing scope and normalized code of the reported line (the occurrence count changed).
Fingerprints do not contain line numbers, so edits elsewhere in a file keep them stable.
Stdlib only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from auditor.model import AuditResult, Finding

BASELINE_VERSION = 1
_WS = re.compile(r"\s+")


class BaselineError(ValueError):
    """The baseline file cannot be used (missing, not JSON, wrong version or shape)."""


@dataclass(frozen=True)
class BaselineEntry:
    """One recorded finding."""

    rule: str
    file: str
    fingerprint: str
    scope: str
    context: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "file": self.file,
            "fingerprint": self.fingerprint,
            "scope": self.scope,
            "context": self.context,
            "message": self.message,
        }


def context_of(finding: Finding) -> str:
    """The reported line's code with whitespace folded: the snippet's first line."""
    first = finding.snippet.splitlines()[0] if finding.snippet else ""
    return _WS.sub(" ", first.strip())


def entry_of(finding: Finding) -> BaselineEntry:
    return BaselineEntry(
        rule=finding.rule,
        file=finding.file,
        fingerprint=finding.fingerprint,
        scope=finding.scope,
        context=context_of(finding),
        message=finding.message,
    )


def write_baseline(result: AuditResult) -> str:
    """The baseline for `result` as deterministic JSON text."""
    entries = sorted(
        (entry_of(f) for f in result.findings),
        key=lambda e: (e.file, e.rule, e.fingerprint, e.scope, e.context, e.message),
    )
    doc = {
        "version": BASELINE_VERSION,
        "tool_version": result.tool_version,
        "findings": [e.to_dict() for e in entries],
    }
    return json.dumps(doc, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def read_baseline(text: str) -> list[BaselineEntry]:
    """Parse a baseline; raises BaselineError with a one-line reason."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or "version" not in doc:
        raise BaselineError("not an auditor baseline (no 'version')")
    if doc["version"] != BASELINE_VERSION:
        raise BaselineError(f"unsupported baseline version {doc['version']!r} (expected {BASELINE_VERSION})")
    items = doc.get("findings")
    if not isinstance(items, list):
        raise BaselineError("not an auditor baseline ('findings' is not a list)")
    return [_entry(i, item) for i, item in enumerate(items)]


def _entry(index: int, item: Any) -> BaselineEntry:
    fields = ("rule", "file", "fingerprint", "scope", "context", "message")
    if not isinstance(item, dict) or not all(isinstance(item.get(k, ""), str) for k in fields):
        raise BaselineError(f"findings[{index}] is not a baseline entry")
    if not item.get("rule"):
        raise BaselineError(f"findings[{index}] has no rule")
    return BaselineEntry(**{k: item.get(k, "") for k in fields})


_PASSES: tuple[Callable[[Finding], tuple[str, ...]], ...] = (
    lambda f: (f.rule, f.file, f.fingerprint),
    lambda f: (f.rule, f.fingerprint),
    lambda f: (f.rule, f.scope, context_of(f)),
)
_ENTRY_KEYS: tuple[Callable[[BaselineEntry], tuple[str, ...]], ...] = (
    lambda e: (e.rule, e.file, e.fingerprint),
    lambda e: (e.rule, e.fingerprint),
    lambda e: (e.rule, e.scope, e.context),
)


def apply_baseline(result: AuditResult, baseline_text: str) -> tuple[list[Finding], list[BaselineEntry]]:
    """(findings not in the baseline, baseline entries no finding matches any more).

    Each entry matches at most one finding; exact matches are taken first, looser ones
    only among what is left, so a moved or renamed finding does not steal another's entry.
    """
    entries = read_baseline(baseline_text)
    free = dict.fromkeys(range(len(entries)))  # ordered set of unmatched entry indexes
    unmatched = list(result.findings)
    for finding_key, entry_key in zip(_PASSES, _ENTRY_KEYS):
        pool: dict[tuple[str, ...], list[int]] = {}
        for i in free:
            pool.setdefault(entry_key(entries[i]), []).append(i)
        still: list[Finding] = []
        for f in unmatched:
            candidates = pool.get(finding_key(f))
            if candidates:
                del free[candidates.pop(0)]
            else:
                still.append(f)
        unmatched = still
    resolved = sorted((entries[i] for i in free), key=lambda e: (e.file, e.rule, e.message))
    return unmatched, resolved


__all__ = ["BaselineEntry", "BaselineError", "apply_baseline", "read_baseline", "write_baseline"]
