"""The library entry point: `audit(paths, config) -> AuditResult`.

discover -> per-file analysis (worker processes) -> project index and project rules ->
sorted findings. No report is rendered here and nothing of the audited code is run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

import pathspec

from auditor import __version__
from auditor.config import Config, ConfigError
from auditor.discovery import discover
from auditor.engine import (
    FileResult,
    FileTask,
    Plan,
    apply_suppressions,
    make_findings,
    run_files,
)
from auditor.model import AuditResult, ErrorKind, FileError, Finding
from auditor.project import ProjectIndex
from auditor.registry import all_docs, check_rule_config, own_rules, resolve_ids, select
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
    if not paths:
        raise AuditError("no path given")
    resolved: list[Path] = []
    for p in paths:
        if not p.exists():
            raise AuditError(f"path not found: {p}")
        resolved.append(p.absolute())
    root = _common_root(resolved)

    selection = select(config.select, config.ignore)
    where = config.source or "configuration"
    check_rule_config(config.severity_overrides(), config.rule_options(), where)
    for glob, ids in config.per_file_ignores:
        from auditor.registry import check_selectors

        check_selectors(ids, f"{where}: per-file-ignores.{glob!r}")

    timings: dict[str, float] = {}
    t = time.perf_counter()
    tasks: dict[str, FileTask] = {}
    errors: list[FileError] = []
    for p in resolved:
        found, problems = discover(p, list(config.exclude))
        base = p if p.is_dir() else p.parent
        prefix = base.relative_to(root).as_posix() if base != root else ""
        for d in found:
            rel = f"{prefix}/{d.relpath}" if prefix else d.relpath
            tasks.setdefault(rel, FileTask(d.path, rel))
        for prob in problems:
            rel = f"{prefix}/{prob.relpath}" if prefix else prob.relpath
            errors.append(FileError(rel, ErrorKind(prob.kind), prob.message))
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
    )
    t = time.perf_counter()
    ordered = [tasks[k] for k in sorted(tasks)]
    total = len(ordered)
    callback = (lambda r: on_file(r, total)) if on_file else None
    results = run_files(ordered, plan, jobs or os.cpu_count() or 1, callback)
    timings["files"] = time.perf_counter() - t

    findings: list[Finding] = []
    for r in results:
        findings.extend(r.findings)
        errors.extend(r.errors)
        for phase, seconds in r.timings:  # summed over workers: CPU seconds, not wall time
            timings[f"cpu_{phase}"] = timings.get(f"cpu_{phase}", 0.0) + seconds

    t = time.perf_counter()
    index = ProjectIndex(r.facts for r in results if r.facts is not None)
    findings.extend(_run_project_rules(index, selection.project, config, plan, results, errors))
    timings["project"] = time.perf_counter() - t

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
    )


def project_index(paths: list[Path], exclude: tuple[str, ...] = ()) -> ProjectIndex:
    """The import graph of the files below `paths`, with no rule run (for tools and tests)."""
    resolved = [p.absolute() for p in paths]
    root = _common_root(resolved)
    tasks: list[FileTask] = []
    for p in resolved:
        found, _ = discover(p, list(exclude))
        base = p if p.is_dir() else p.parent
        prefix = base.relative_to(root).as_posix() if base != root else ""
        tasks.extend(FileTask(d.path, f"{prefix}/{d.relpath}" if prefix else d.relpath) for d in found)
    plan = Plan(libcst_rules=(), file_rules=(), bandit_tests=(), engine_rules=())
    results = run_files(sorted(tasks, key=lambda t: t.relpath), plan, 1)
    return ProjectIndex(r.facts for r in results if r.facts is not None)


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
    ignores = [
        (pathspec.GitIgnoreSpec.from_lines([glob]), frozenset(resolve_ids(ids)))
        for glob, ids in plan.per_file_ignores
    ]
    docs = all_docs()
    severity = dict(plan.severity)
    out: list[Finding] = []
    for relpath in sorted(set(by_file) | set(pending)):
        ignored: set[str] = set()
        for spec, ids in ignores:
            if spec.match_file(relpath):
                ignored |= ids
        raw = [(rid, r) for rid, r in by_file.get(relpath, []) if rid not in ignored]
        sups = pending.get(relpath, {})
        kept, used = apply_suppressions(raw, sups)
        if "AUD001" in plan.engine_rules and "AUD001" not in ignored:
            for line, sup in sorted(sups.items()):
                for sid in sup.ids:
                    if (line, sid) not in used and sid not in ignored:
                        kept.append(
                            (
                                "AUD001",
                                Report(
                                    message=f"no {sid} finding on this line: the suppression is stale",
                                    line=line,
                                    column=sup.column,
                                    end_line=line,
                                    end_column=sup.end_column,
                                ),
                            )
                        )
        out.extend(
            make_findings(
                kept,
                relpath,
                docs,
                severity,
                snippet=lambda r: r.snippet,
                context=lambda r: r.snippet.splitlines()[0] if r.snippet else "",
                scope=lambda r: r.scope,
            )
        )
    return out


__all__ = ["AuditError", "ConfigError", "audit"]
