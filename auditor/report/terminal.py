"""The terminal summary (rich): counts by severity and category, top findings, report paths."""

from __future__ import annotations

from typing import Any, TextIO

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


_GRADE_STYLE = {"A": "green", "B": "green", "C": "yellow", "D": "red", "E": "bold red", "F": "bold white on red"}


def _print_areas(console: Console, result: AuditResult) -> None:
    """One row per area: grade and findings by severity (areas with nothing are folded)."""
    per: dict[str, dict[str, int]] = {}
    for f in result.findings:
        per.setdefault(f.category.value, {}).setdefault(f.severity.value, 0)
        per[f.category.value][f.severity.value] += 1
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("area")
    table.add_column("grade", justify="center")
    for s in Severity:
        table.add_column(s.value, justify="right", style=_STYLE[s])
    quiet = []
    for area, grade in (result.grades or {}).items():
        counts = per.get(area, {})
        if not counts:
            quiet.append(area)
            continue
        table.add_row(area, Text(grade, style=_GRADE_STYLE.get(grade, "")), *[str(counts.get(s.value, 0) or "") for s in Severity])
    if table.row_count:
        console.print(table)
    if quiet:
        console.print("no findings: " + ", ".join(quiet), style="dim")


def _duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 8 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 480:.1f} days"


def print_summary(
    result: AuditResult,
    stream: TextIO,
    outputs: list[str],
    fail_on: Severity | None,
    top: int = 10,
) -> None:
    # markup off: repository text (paths, evidence like `[metadata] in setup.cfg`) is
    # printed as it is, never read as rich markup
    console = Console(file=stream, highlight=False, soft_wrap=True, markup=False)
    counts = result.counts_by_severity()
    console.print(
        Text.assemble(
            ("auditor ", "bold"),
            f"{result.tool_version}  ",
            f"{result.files_analyzed} files, {result.lines_analyzed:,} lines in {result.duration:.1f}s",
        )
    )
    if result.stage:
        why = "; ".join(result.stage.get("reasons", []))
        how = "guessed" if result.stage.get("chosen_by") == "auto" else "set"
        console.print(f"stage: {result.stage.get('name')} ({how}: {why})")
    repo = result.sections.get("repository") or {}
    if repo.get("kind"):
        frameworks = ", ".join(repo.get("frameworks") or [])
        evidence = "; ".join((repo.get("evidence") or [])[:3])
        console.print(f"repository: {repo['kind']}{f' ({frameworks})' if frameworks else ''}: {evidence}")
    sev = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for s in Severity:
        sev.add_column(s.value, justify="right", style=_STYLE[s])
    sev.add_row(*[str(counts[s.value]) for s in Severity])
    console.print(sev)
    _print_areas(console, result)
    if result.actions:
        console.print()
        console.print(Text("Top actions (by value for effort)", style="bold"))
        for i, action in enumerate(result.actions[:5], 1):
            console.print(
                f"{i:2}. {action['title']}  (~{_duration(action['effort_minutes'])}, "
                f"{len(action['files'])} file(s))"
            )
    if result.findings:
        console.print()
        console.print(Text("Top findings", style="bold"))
        for f in result.findings[:top]:
            line = Text()
            line.append(f"{f.severity.value.upper():8}", style=_STYLE[f.severity])
            line.append(f" {f.rule:7} ", style="bold")
            line.append(f"{f.file}:{f.line}  ")
            line.append(f.message)
            if f.priority_reason:
                line.append(f"\n{'':17}priority {f.priority:g}: {f.priority_reason}", style="dim")
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


class FileProgress:
    """A progress bar on stderr while files are analysed: only on a terminal, only for
    runs long enough to need one; plain (no bar at all) when piped or in CI logs."""

    MIN_FILES = 200

    def __init__(self, stream: TextIO) -> None:
        self.console = Console(file=stream)
        self.bar: Any = None
        self.task: Any = None
        self.done = 0

    def __enter__(self) -> FileProgress:
        return self

    def __call__(self, result: Any, total: int) -> None:
        self.done += 1
        if self.bar is None:
            if not self.console.is_terminal or total < self.MIN_FILES:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("", total=total, completed=self.done - 1)
        self.bar.update(self.task, advance=1, description=str(getattr(result, "relpath", ""))[-50:])

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
