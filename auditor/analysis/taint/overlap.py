"""One finding per problem: what the taint analysis proves about bandit's sink checks.

Bandit flags every `subprocess` call, `pickle.loads`, `eval`, XML parser and SQL-looking
string, whatever flows into it. Where the taint analysis saw such a sink and proved that
no request data reaches it (its input is a constant, or has no origin but literals,
sanitized values and clean locals), bandit's finding on that line drops to `info`, with
the reason in its message. Bandit's import checks (`import pickle`, `import subprocess`,
the XML modules) drop to `info` in a file where no flow of their kind ends.

Only files the taint collector analysed are touched; nothing changes when no taint rule
was selected.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from auditor.analysis.taint.project import TaintFlow
from auditor.analysis.taint.summary import FileSummary
from auditor.model import Confidence, Finding, Severity
from auditor.project import ProjectIndex

IMPORT_TESTS = {
    "B403": "deserialization",
    "B404": "command",
    **{f"B{n}": "xxe" for n in range(405, 411)},
}
NOTES = {
    "constant": " (taint analysis: the input here is a constant)",
    "clean": " (taint analysis: no request data reaches this call)",
    "dead": " (taint analysis: this code is in a branch that never runs)",
    "stdlib-xml": " (taint analysis: the standard library's parser resolves no external entity)",
    "import": " (taint analysis: no request data reaches such a call in this file)",
}
# Our pattern rules that flag a sink's form, not its input, by the bandit id of the same
# sink: kept, but demoted likewise (SEC001: SQL built with formatting).
ALSO_QUIET = {"B608": ("SEC001",)}


def settle(findings: Iterable[Finding], project: ProjectIndex) -> list[Finding]:
    """`findings` with bandit's sink findings demoted where taint proves the sink quiet."""
    files = {rel: s for rel, s in project.facts("taint").items() if isinstance(s, FileSummary)}
    if not files:
        return list(findings)
    flows: list[TaintFlow] = project.cache.get("taint") or []
    ended = {(f.file, f.kind) for f in flows}
    quiet: dict[tuple[str, int, str], str] = {}
    for rel, summary in files.items():
        for line, ids, reason in summary.quiet_sinks:
            for rid in ids:
                for quieted in (rid, *ALSO_QUIET.get(rid, ())):
                    quiet[(rel, line, quieted)] = reason
    out = []
    for f in findings:
        reason = quiet.get((f.file, f.line, f.rule))
        if reason is None and f.rule in IMPORT_TESTS and f.file in files and (f.file, IMPORT_TESTS[f.rule]) not in ended:
            reason = "import"
        if reason == "clean":
            # No request data reaches it, but the input is not known either (a parameter
            # of an uncalled function, another module's attribute, an unknown call's
            # result): other untrusted inputs exist, so bandit's finding stands.
            reason = None
        if reason is not None and f.severity is not Severity.INFO:
            f = replace(f, severity=Severity.INFO, confidence=Confidence.LOW, message=f.message + NOTES[reason])
        out.append(f)
    return out


def drop_superseded(file_findings: list[Finding], project_findings: list[Finding], supersedes: dict[str, tuple[str, ...]]) -> list[Finding]:
    """File findings that a project rule's finding on the same line replaces are dropped
    (a taint finding with its trace replaces bandit's B608 on the same call)."""
    replaced = {(f.file, f.line, old) for f in project_findings for old in supersedes.get(f.rule, ())}
    if not replaced:
        return file_findings
    return [f for f in file_findings if (f.file, f.line, f.rule) not in replaced]
