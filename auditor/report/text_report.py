"""Plain-text report: every finding, one block each, for files and pipes."""

from __future__ import annotations

from auditor.model import AuditResult


def render_text(result: AuditResult) -> str:
    out: list[str] = []
    counts = result.counts_by_severity()
    out.append(f"auditor {result.tool_version}: {result.root}")
    out.append(
        f"{result.files_analyzed} files, {result.lines_analyzed} lines, {len(result.findings)} findings "
        + "(" + ", ".join(f"{k} {v}" for k, v in counts.items() if v) + ")"
    )
    out.append("")
    for f in result.findings:
        out.append(f"{f.file}:{f.line}:{f.column}: {f.severity.value.upper()} {f.rule} {f.message}")
        for line in f.snippet.splitlines()[:3]:
            out.append(f"    | {line}")
    if result.errors:
        out.append("")
        out.append("Not fully analysed:")
        for e in result.errors:
            rule = f" [{e.rule}]" if e.rule else ""
            out.append(f"{e.file}: {e.kind.value}{rule}: {e.message}")
    return "\n".join(out) + "\n"
