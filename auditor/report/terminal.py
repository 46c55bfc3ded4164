"""The terminal summary (rich): counts by severity and category, top findings, report paths."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from auditor.model import AuditResult, Severity

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def print_summary(
    result: AuditResult,
    stream: TextIO,
    outputs: list[str],
    fail_on: Severity | None,
    top: int = 10,
) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True)
    counts = result.counts_by_severity()
    console.print(
        Text.assemble(
            ("auditor ", "bold"),
            f"{result.tool_version}  ",
            f"{result.files_analyzed} files, {result.lines_analyzed:,} lines in {result.duration:.1f}s",
        )
    )
    sev = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for s in Severity:
        sev.add_column(s.value, justify="right", style=_STYLE[s])
    sev.add_row(*[str(counts[s.value]) for s in Severity])
    console.print(sev)
    by_cat = {k: v for k, v in result.counts_by_category().items() if v}
    if by_cat:
        console.print("by area: " + ", ".join(f"{k} {v}" for k, v in by_cat.items()))
    if result.findings:
        console.print()
        console.print(Text("Top findings", style="bold"))
        for f in result.findings[:top]:
            line = Text()
            line.append(f"{f.severity.value.upper():8}", style=_STYLE[f.severity])
            line.append(f" {f.rule:7} ", style="bold")
            line.append(f"{f.file}:{f.line}  ")
            line.append(f.message)
            console.print(line)
        if len(result.findings) > top:
            console.print(f"... and {len(result.findings) - top} more in the report")
    if result.errors:
        console.print(f"\n{len(result.errors)} file(s) not fully analysed (listed in the report's errors)", style="yellow")
    for path in outputs:
        console.print(f"report: {path}")
    if fail_on is None:
        console.print("gate: off (--fail-on never)")
    else:
        failing = len(result.at_or_above(fail_on))
        verdict = Text(f"gate: {failing} finding(s) at or above {fail_on.value}", style="bold red" if failing else "bold green")
        console.print(verdict)
