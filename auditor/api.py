"""The library entry point: `audit(paths, config) -> AuditResult`.

discover -> per-file analysis (worker processes) -> project index and project rules ->
sorted findings. No report is rendered here and nothing of the audited code is run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable


from auditor import __version__
from auditor.config import Config, ConfigError
from auditor.discovery import discover
from auditor.engine import (
    FileResult,
    FileTask,
    Plan,
    ReportFilter,
    make_findings,
    run_files,
)
from auditor.model import AuditResult, ErrorKind, FileError, Finding
from auditor.project import ProjectIndex
from auditor.registry import (
    Selection,
    all_docs,
    check_rule_config,
    check_selectors,
    collectors_for,
    own_rules,
    select,
)
from auditor.rule import Report
from auditor.suppressions import Suppression


class AuditError(Exception):
    """The audit cannot run (missing path, bad config): the CLI exits with code 2."""


def audit(
    paths: list[Path],
    config: Config | None = None,
    jobs: int | None = None,
    on_file: Callable[[FileResult, int], None] | None = None,
) -> AuditResult:
    """Audit the files below `paths`. Raises AuditError / ConfigError for user errors."""
    started = time.perf_counter()
    config = config or Config()
    resolved = _existing(paths)
    root = _common_root(resolved)
    selection = _validated_selection(config)

    timings: dict[str, float] = {}
    t = time.perf_counter()
    tasks, other_files, errors = _collect(resolved, root, config.exclude)
    timings["discover"] = time.perf_counter() - t

    plan = Plan(
        libcst_rules=selection.libcst,
        file_rules=selection.file,
        bandit_tests=selection.bandit,
        engine_rules=selection.engine,
        project_rules=selection.project,
        options=config.options,
        severity=config.severity,
        per_file_ignores=tuple(config.all_per_file_ignores()),
        collectors=collectors_for(selection.project),
    )
    t = time.perf_counter()
    callback = (lambda r: on_file(r, len(tasks))) if on_file else None
    results = run_files(tasks, plan, jobs or os.cpu_count() or 1, callback)
    timings["files"] = time.perf_counter() - t

    findings: list[Finding] = []
    for r in results:
        findings.extend(r.findings)
        errors.extend(r.errors)
        for phase, seconds in r.timings:  # summed over workers: CPU seconds, not wall time
            timings[f"cpu_{phase}"] = timings.get(f"cpu_{phase}", 0.0) + seconds

    t = time.perf_counter()
    index = _index(results, root, other_files)
    findings.extend(_run_project_rules(index, selection.project, config, plan, results, errors))
    timings["project"] = time.perf_counter() - t
    t = time.perf_counter()
    sections = _build_sections(index, errors)
    timings["sections"] = time.perf_counter() - t

    docs = all_docs()
    findings.sort(key=Finding.sort_key)
    errors.sort(key=lambda e: (e.file, e.kind.value, e.rule or "", e.message))
    return AuditResult(
        root=root.as_posix(),
        findings=tuple(findings),
        errors=tuple(errors),
        rules={rid: docs[rid] for rid in selection.all_ids},
        files_analyzed=sum(1 for r in results if r.analyzed),
        lines_analyzed=sum(r.lines for r in results),
        duration=time.perf_counter() - started,
        timings=timings,
        tool_version=__version__,
        sections=sections,
    )


def _index(results: list[FileResult], root: Path, other_files: list[str]) -> ProjectIndex:
    collected: dict[str, dict[str, object]] = {}
    for r in results:
        for key, data in r.collected:
            collected.setdefault(key, {})[r.relpath] = data
    return ProjectIndex(
        (r.facts for r in results if r.facts is not None),
        root=root.as_posix(),
        other_files=other_files,
        collected=collected,
    )


def _build_sections(index: ProjectIndex, errors: list[FileError]) -> dict[str, object]:
    from auditor.analysis.sections import SECTIONS

    out: dict[str, object] = {}
    for section in SECTIONS:
        try:
            out[section.key] = section.build(index)
        except Exception as exc:  # a section's bug must not lose the findings
            errors.append(FileError("", ErrorKind.INTERNAL, f"section {section.key} failed: {type(exc).__name__}: {exc}"[:300]))
    return out


def _existing(paths: list[Path]) -> list[Path]:
    if not paths:
        raise AuditError("no path given")
    for p in paths:
        if not p.exists():
            raise AuditError(f"path not found: {p}")
    return [p.absolute() for p in paths]


def _validated_selection(config: Config) -> Selection:
    """The selected rules; every rule id the configuration names must exist."""
    where = config.source or "configuration"
    selection = select(config.select, config.ignore, where)
    check_rule_config(config.severity_overrides(), config.rule_options(), where)
    for glob, ids in config.per_file_ignores:
        check_selectors(ids, f"{where}: per-file-ignores.{glob!r}")
    return selection


def _collect(
    resolved: list[Path], root: Path, exclude: tuple[str, ...]
) -> tuple[list[FileTask], list[str], list[FileError]]:
    """Python files to audit and the repository's other files (sorted, relative to
    `root`), and what discovery could not read."""
    tasks: dict[str, FileTask] = {}
    other: set[str] = set()
    errors: list[FileError] = []
    for p in resolved:
        found, problems = discover(p, list(exclude))
        base = p if p.is_dir() else p.parent
        prefix = base.relative_to(root).as_posix() + "/" if base != root else ""
        for d in found:
            if d.is_python or p.is_file():  # a file named on the command line is audited
                tasks.setdefault(prefix + d.relpath, FileTask(d.path, prefix + d.relpath))
            else:
                other.add(prefix + d.relpath)
        errors.extend(FileError(prefix + prob.relpath, ErrorKind(prob.kind), prob.message) for prob in problems)
    return [tasks[k] for k in sorted(tasks)], sorted(other), errors


def project_index(paths: list[Path], exclude: tuple[str, ...] = ()) -> ProjectIndex:
    """The import graph of the files below `paths`, with no rule run (for tools and tests)."""
    resolved = [p.absolute() for p in paths]
    root = _common_root(resolved)
    tasks, other_files, _ = _collect(resolved, root, exclude)
    plan = Plan(libcst_rules=(), file_rules=(), bandit_tests=(), engine_rules=(), collectors=collectors_for(()))
    results = run_files(tasks, plan, 1)
    return _index(results, root, other_files)


def _common_root(paths: list[Path]) -> Path:
    bases = [p if p.is_dir() else p.parent for p in paths]
    return Path(os.path.commonpath([str(b) for b in bases]))


def _run_project_rules(
    index: ProjectIndex,
    rule_ids: tuple[str, ...],
    config: Config,
    plan: Plan,
    results: list[FileResult],
    errors: list[FileError],
) -> list[Finding]:
    """Project rules over the index; suppressions and per-file ignores as for file rules."""
    if not rule_ids:
        return []
    rules = own_rules()
    options = config.rule_options()
    by_file: dict[str, list[tuple[str, Report]]] = {}
    for rid in rule_ids:
        rule = rules[rid](options.get(rid, {}))
        try:
            rule.check(index)
        except Exception as exc:  # one rule's bug must not lose the others' findings
            errors.append(FileError("", ErrorKind.RULE_CRASH, f"{rid} crashed: {type(exc).__name__}: {exc}"[:300], rule=rid))
            continue
        for report in rule.reports:
            by_file.setdefault(report.file, []).append((rid, report))

    pending: dict[str, dict[int, Suppression]] = {
        r.relpath: {s.line: s for s in r.project_suppressions} for r in results if r.project_suppressions
    }
    report_filter = ReportFilter.for_plan(plan, all_docs())
    severity = dict(plan.severity)
    out: list[Finding] = []
    for relpath in sorted(set(by_file) | set(pending)):
        kept = report_filter.apply(relpath, by_file.get(relpath, []), pending.get(relpath, {}))
        out.extend(
            make_findings(
                kept,
                relpath,
                report_filter.docs,
                severity,
                snippet=lambda r: r.snippet,
                context=lambda r: r.snippet.splitlines()[0] if r.snippet else "",
                scope=lambda r: r.scope,
            )
        )
    return out


__all__ = ["AuditError", "ConfigError", "audit"]
