"""SARIF 2.1.0: the format GitHub code scanning, Azure DevOps and most SAST viewers read.

One `reportingDescriptor` per selected rule (docs, tags, CWE, GitHub's
`security-severity`), one result per finding with a region and a partial fingerprint, and
one tool-execution notification per file that was not fully audited. No timestamps or
durations: the same input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from auditor.model import AuditResult, Category, FileError, Finding, RuleDoc, Severity

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "auditorFingerprint/v1"

# SARIF has three levels of problem; ours has five severities.
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}

# GitHub code scanning reads `properties.security-severity` on a rule (a number as a
# string, 0.0 to 10.0) and shows > 9.0 as critical, 7.0-8.9 high, 4.0-6.9 medium, below
# that low. Each of our severities sits inside GitHub's band of the same name; info has no
# band of its own and lands in "low".
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def render_sarif(result: AuditResult) -> str:
    return json.dumps(to_sarif(result), indent=2, ensure_ascii=False) + "\n"


def to_sarif(result: AuditResult) -> dict[str, Any]:
    docs = _docs(result)
    index = {rid: i for i, rid in enumerate(docs)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "auditor",
                "version": result.tool_version or "0",
                "rules": [_descriptor(doc) for doc in docs.values()],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [_notification(e) for e in result.errors],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule]) for f in result.findings],
    }
    root = PurePosixPath(result.root)
    if root.is_absolute():
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}}
    return {"version": SARIF_VERSION, "$schema": SARIF_SCHEMA, "runs": [run]}


def _docs(result: AuditResult) -> dict[str, RuleDoc]:
    """The selected rules by id, plus a stub for any rule that reported without a doc, so
    every result has a `ruleIndex` to point at."""
    docs = dict(sorted(result.rules.items()))
    for f in result.findings:
        if f.rule not in docs:
            docs[f.rule] = RuleDoc(
                id=f.rule,
                name=f.rule.lower(),
                title=f.title,
                category=f.category,
                severity=f.severity,
                confidence=f.confidence,
                cwe=f.cwe,
            )
    return docs


def _descriptor(doc: RuleDoc) -> dict[str, Any]:
    tags = [doc.category.value, *(f"CWE-{c}" for c in doc.cwe), *doc.tags]
    properties: dict[str, Any] = {
        "tags": list(dict.fromkeys(tags)),
        "severity": doc.severity.value,
        "confidence": doc.confidence.value,
        "source": doc.source,
    }
    if doc.category is Category.SECURITY:
        properties["security-severity"] = SECURITY_SEVERITY[doc.severity]
    out: dict[str, Any] = {
        "id": doc.id,
        "name": doc.name,
        "shortDescription": {"text": doc.title},
        "fullDescription": {"text": doc.why or doc.title},
        "help": {"text": _help_text(doc), "markdown": _help_markdown(doc)},
        "defaultConfiguration": {"level": LEVELS[doc.severity]},
        "properties": properties,
    }
    if doc.refs:
        out["helpUri"] = doc.refs[0]
    return out


def _help_text(doc: RuleDoc) -> str:
    parts = [doc.title]
    if doc.why:
        parts.append(f"Why it matters\n{doc.why}")
    if doc.fix:
        parts.append(f"How to fix\n{doc.fix}")
    if doc.example:
        parts.append(f"Before\n{doc.example.before.rstrip()}")
        parts.append(f"After\n{doc.example.after.rstrip()}")
    if doc.refs:
        parts.append("References\n" + "\n".join(doc.refs))
    return "\n\n".join(parts)


def _help_markdown(doc: RuleDoc) -> str:
    parts = [f"**{doc.id} {doc.name}**: {doc.title}"]
    if doc.why:
        parts.append(f"### Why it matters\n\n{doc.why}")
    if doc.fix:
        parts.append(f"### How to fix\n\n{doc.fix}")
    if doc.example:
        parts.append(f"### Before\n\n{_fence(doc.example.before)}")
        parts.append(f"### After\n\n{_fence(doc.example.after)}")
    if doc.refs:
        parts.append("### References\n\n" + "\n".join(f"- <{r}>" for r in doc.refs))
    return "\n\n".join(parts)


def _fence(code: str) -> str:
    """A fenced block that the code itself cannot close."""
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}python\n{code.rstrip()}\n{fence}"


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [_location(f)] if f.file else [],
        "properties": {
            "severity": f.severity.value,
            "confidence": f.confidence.value,
            "category": f.category.value,
        },
    }
    if f.cwe:
        out["properties"]["cwe"] = [f"CWE-{c}" for c in f.cwe]
    if f.fingerprint:
        out["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.trace:
        out["codeFlows"] = [_code_flow(f)]
    return out


def _code_flow(f: Finding) -> dict[str, Any]:
    """A taint finding's trace, source first, as one thread flow (viewers step through it)."""
    locations = []
    for step in f.trace:
        region: dict[str, Any] = {"startLine": max(step.line, 1)}
        if step.column >= 1:
            region["startColumn"] = step.column
        physical = {"artifactLocation": _artifact(step.file), "region": region}
        locations.append({"location": {"physicalLocation": physical, "message": {"text": step.note}}})
    return {"threadFlows": [{"locations": locations}]}


def _location(f: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(f.file)}
    region = _region(f)
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _region(f: Finding) -> dict[str, Any]:
    """SARIF's region: 1-based lines and columns, end column exclusive, as ours are."""
    if f.line < 1:
        return {}
    region: dict[str, Any] = {"startLine": f.line}
    if f.column >= 1:
        region["startColumn"] = f.column
    if f.end_line >= f.line:
        region["endLine"] = f.end_line
        if f.column >= 1 and f.end_column >= 1 and (f.end_line > f.line or f.end_column >= f.column):
            region["endColumn"] = f.end_column
    if f.snippet:
        region["snippet"] = {"text": f.snippet}
    return region


def _artifact(path: str) -> dict[str, Any]:
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _notification(error: FileError) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level": "warning",
        "message": {"text": f"{error.file}: {error.kind.value}: {error.message}"},
        "descriptor": {"id": error.kind.value},
        "properties": {"kind": error.kind.value},
    }
    if error.file:
        out["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(error.file)}}]
    if error.rule:
        out["associatedRule"] = {"id": error.rule}
    return out
