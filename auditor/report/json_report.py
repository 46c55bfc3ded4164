"""The JSON report: versioned, deterministic (sorted keys, no timing inside findings)."""

from __future__ import annotations

import json
from typing import Any

from auditor.analysis.debt import debt_by_category
from auditor.model import AuditResult

SCHEMA_VERSION = "1.0"


def to_dict(result: AuditResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": result.tool_version},
        "root": result.root,
        "summary": {
            "files_analyzed": result.files_analyzed,
            "lines_analyzed": result.lines_analyzed,
            "findings": len(result.findings),
            "errors": len(result.errors),
            "by_severity": result.counts_by_severity(),
            "by_category": result.counts_by_category(),
            # Remediation estimate: the findings' effort minutes (auditor.analysis.debt).
            "debt_minutes": sum(f.effort for f in result.findings),
            "debt_by_category": debt_by_category(result.findings),
            "stage": result.stage,
            "grades": result.grades,
            "actions": list(result.actions[:10]),
        },
        "actions": list(result.actions),
        "hotspots": list(result.hotspots),
        **result.sections,
        "findings": [f.to_dict() for f in result.findings],
        "errors": [e.to_dict() for e in result.errors],
        "rules": {rid: doc.to_dict() for rid, doc in sorted(result.rules.items()) if _fired(result, rid)},
        # Timing varies run to run; it is kept apart so the rest stays byte-identical.
        "timing": {"duration_seconds": round(result.duration, 3), **{k: round(v, 3) for k, v in result.timings.items()}},
    }


def _fired(result: AuditResult, rid: str) -> bool:
    return any(f.rule == rid for f in result.findings)


def render_json(result: AuditResult) -> str:
    return json.dumps(to_dict(result), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
