"""GitLab Code Quality (a subset of the Code Climate issue format): a JSON list of issues.

GitLab shows these in merge requests and dedupes them by `fingerprint`, so every entry
gets one of its own: a hash of the file path, the rule and the finding's fingerprint (which
survives edits elsewhere in the file), made unique within the report if two collide.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from auditor.model import AuditResult, Category, Finding, Severity

SEVERITIES = {
    Severity.INFO: "info",
    Severity.LOW: "minor",
    Severity.MEDIUM: "major",
    Severity.HIGH: "critical",
    Severity.CRITICAL: "blocker",
}

# Code Climate's fixed category names.
CATEGORIES = {
    Category.SECURITY: "Security",
    Category.PERFORMANCE: "Performance",
    Category.SCALABILITY: "Performance",
    Category.ERROR_HANDLING: "Bug Risk",
    Category.OBSERVABILITY: "Clarity",
    Category.ARCHITECTURE: "Complexity",
    Category.MAINTAINABILITY: "Complexity",
    Category.TESTING: "Bug Risk",
    Category.DEPENDENCIES: "Compatibility",
    Category.DEPLOYMENT: "Bug Risk",
}


def render_gitlab(result: AuditResult) -> str:
    return json.dumps(to_gitlab(result), indent=2, ensure_ascii=False) + "\n"


def to_gitlab(result: AuditResult) -> list[dict[str, Any]]:
    seen: set[str] = set()
    return [_issue(f, _unique(_fingerprint(f), seen)) for f in result.findings]


def _fingerprint(f: Finding) -> str:
    identity = f.fingerprint or f"{f.line}:{f.column}:{f.message}"
    return hashlib.sha256(f"{f.file}\0{f.rule}\0{identity}".encode()).hexdigest()


def _unique(fingerprint: str, seen: set[str]) -> str:
    """The fingerprint, or a rehash of it with a counter if an earlier entry has it.
    Findings come sorted, so the same input gives the same fingerprints."""
    candidate, n = fingerprint, 1
    while candidate in seen:
        candidate = hashlib.sha256(f"{fingerprint}\0{n}".encode()).hexdigest()
        n += 1
    seen.add(candidate)
    return candidate


def _issue(f: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "description": f.message,
        "check_name": f.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[f.severity],
        "categories": [CATEGORIES[f.category]],
        "location": {
            "path": f.file,
            "lines": {"begin": max(f.line, 1), "end": max(f.end_line, f.line, 1)},
        },
    }
