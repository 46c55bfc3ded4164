"""The library entry point: `audit(paths, config) -> AuditResult`.

discover -> per-file analysis (worker processes) -> project index and project rules ->
sorted findings. No report is rendered here and nothing of the audited code is run.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from auditor import __version__
from auditor.cache import NOT_REUSED, CacheOptions, FileCache, file_digest, open_cache, reusable
from auditor.config import Config, ConfigError
from auditor.discovery import discover
from auditor.inputs import audit_inputs
from auditor.model import AuditResult, ErrorKind, FileError, Finding
from auditor.plan import FileResult, FileTask, Plan
from auditor.pool import Budget, run_files
from auditor.project import ProjectIndex, SourceLayout, detect_layout, unique_module_names
from auditor.registry import (
    Selection,
    all_docs,
    check_rule_config,
    check_selectors,
    collectors_for,
    own_rules,
    select,
)

if TYPE_CHECKING:  # the engine, libcst and the rules are imported only when files are run
    from auditor.rule import Report
    from auditor.suppressions import Suppression


class AuditError(Exception):
    """The audit cannot run (missing path, bad config): the CLI exits with code 2."""


def audit(
    paths: list[Path],
    config: Config | None = None,
    jobs: int | None = None,
    on_file: Callable[[FileResult, int], None] | None = None,
    cache: CacheOptions | None = None,
) -> AuditResult:
    """Audit the files below `paths`. Raises AuditError / ConfigError for user errors.
    With `cache`, unchanged files reuse their per-file results, and when nothing the
    audit depends on changed (auditor.inputs) the whole previous result is reused."""
    started = time.perf_counter()
    config = config or Config()
    resolved = _existing(paths)
    root = _common_root(resolved)
    selection = _validated_selection(config)

    timings: dict[str, float] = {}
    t = time.perf_counter()
    tasks, other_files, errors = _collect(resolved, root, config.exclude)
    tasks, layout = _named(tasks, other_files, root)
    timings["discover"] = time.perf_counter() - t

    plan = _plan(config, selection)
    store = open_cache(cache, root, plan) if cache is not None else None
    try:
        key = ""
        if store is not None:
            t = time.perf_counter()
            digests = {task.relpath: file_digest(task.path, plan.max_file_bytes) for task in tasks}
            key = store.audit_key(audit_inputs(config, root, tasks, digests, other_files, errors))
            previous = store.get_audit(key, AuditResult)
            timings["cache_lookup"] = time.perf_counter() - t
            if previous is not None:
                timings["cache_hits"], timings["cache_misses"] = len(tasks), 0
                return replace(previous, timings={**timings, "whole_audit_cached": 1}, duration=time.perf_counter() - started)
        t = time.perf_counter()
        callback = (lambda r: on_file(r, len(tasks))) if on_file else None
        budget = Budget(config.file_timeout, config.file_memory)
        jobs = jobs or os.cpu_count() or 1
        if store is None:
            results = run_files(tasks, plan, jobs, callback, budget)
        else:
            results = _run_files_cached(tasks, plan, jobs, callback, store, digests, timings, budget)
        timings["files"] = time.perf_counter() - t
        result = _assemble(results, errors, root, other_files, layout, selection, config, plan, timings)
        if key and all(reusable(r) for r in results) and not any(e.kind in NOT_REUSED for e in result.errors):
            store.put_audit(key, result)  # type: ignore[union-attr]
    finally:
        if store is not None:
            store.close()
    return replace(result, duration=time.perf_counter() - started)



def _assemble(
    results: list[FileResult],
    errors: list[FileError],
    root: Path,
    other_files: list[str],
    layout: SourceLayout,
    selection: Selection,
    config: Config,
    plan: Plan,
    timings: dict[str, float],
) -> AuditResult:
    """The project steps over the per-file results: project rules, sections, ranking."""
    findings: list[Finding] = []
    for r in results:
        findings.extend(r.findings)
        errors.extend(r.errors)
        for phase, seconds in r.timings:  # summed over workers: CPU seconds, not wall time
            timings[f"cpu_{phase}"] = timings.get(f"cpu_{phase}", 0.0) + seconds

    t = time.perf_counter()
    index = _index(results, root, other_files, layout)
    project_findings = _run_project_rules(index, selection.project, config, plan, results, errors)
    findings = _with_project_findings(findings, project_findings, index)
    timings["project"] = time.perf_counter() - t
    t = time.perf_counter()
    index.findings = tuple(findings)  # sections price them (the metrics section's debt)
    sections = _build_sections(index, errors)
    sections["config"] = {"source": config.source or "defaults", "stage": config.stage}
    timings["sections"] = time.perf_counter() - t

    t = time.perf_counter()
    ranked = _prioritize(findings, index, config, root, sections)
    findings = list(ranked.findings)
    timings["prioritize"] = time.perf_counter() - t

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
        duration=0.0,
        timings=timings,
        tool_version=__version__,
        sections=sections,
        stage=ranked.stage,
        grades=ranked.grades,
        actions=ranked.actions,
        hotspots=ranked.hotspots,
    )


def plan_for(config: Config) -> Plan:
    """What every worker needs to audit files under `config` (the rules it selects,
    their options, severities, per-file ignores and the project rules' collectors)."""
    return _plan(config, _validated_selection(config))


def _plan(config: Config, selection: Any) -> Plan:
    return Plan(
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


def _run_files_cached(
    tasks: list[FileTask],
    plan: Plan,
    jobs: int,
    callback: Callable[[FileResult], None] | None,
    store: FileCache,
    digests: dict[str, str],
    timings: dict[str, float],
    budget: Budget,
) -> list[FileResult]:
    """run_files for the files the cache does not hold; results in the tasks' order."""
    hits, todo = store.lookup(tasks, digests, FileResult)
    for result in hits.values():
        if callback:
            callback(result)
    fresh = run_files(todo, plan, jobs, callback, budget)
    t = time.perf_counter()
    store.store(todo, fresh)
    timings["cache_store"] = time.perf_counter() - t
    timings["cache_hits"], timings["cache_misses"] = len(hits), len(todo)
    by_path = {**hits, **{r.relpath: r for r in fresh}}
    return [by_path[t.relpath] for t in tasks]


@dataclass(frozen=True)
class _Ranked:
    findings: tuple[Finding, ...]
    stage: dict[str, Any]
    grades: dict[str, str]
    actions: tuple[dict[str, Any], ...]
    hotspots: tuple[dict[str, Any], ...]


def _prioritize(
    findings: list[Finding], index: ProjectIndex, config: Config, root: Path, sections: dict[str, Any]
) -> _Ranked:
    """Priority per finding under the stage profile; grades, action plan, hotspots."""
    from auditor import prioritize
    from auditor.history import read_history

    history = read_history(root)
    complexity = _file_complexity(index, sections)
    stage = prioritize.choose_stage(config.stage, index, history)
    from auditor.analysis.graph import exposure

    reached = frozenset(m for m, e in exposure(index).items() if e.reached_from_entry or e.entry_point)
    ranker = prioritize.Prioritizer(index, stage, history, complexity, reached)
    ranked = [ranker.score(f) for f in findings]
    production = sum(m.lines for m in index.modules.values() if not m.is_test)
    return _Ranked(
        findings=tuple(ranked),
        stage=stage.to_dict(),
        grades=prioritize.grades(ranked, production),
        actions=tuple(prioritize.action_plan(sorted(ranked, key=Finding.sort_key))),
        hotspots=tuple(prioritize.hotspots(history, complexity)),
    )


def _file_complexity(index: ProjectIndex, sections: dict[str, Any]) -> dict[str, int]:
    """Summed cyclomatic complexity per file from the metrics section; without it, lines
    of code / 10 stand in."""
    files = (sections.get("metrics") or {}).get("files") or {}
    out: dict[str, int] = {}
    for m in index.modules.values():
        data = files.get(m.file)
        if isinstance(data, dict) and "functions" in data:
            out[m.file] = sum(int(fn.get("complexity", 1)) for fn in data["functions"]) or 1
        else:
            out[m.file] = max(1, m.lines // 10)
    return out


def _named(tasks: list[FileTask], other_files: list[str], root: Path) -> tuple[list[FileTask], SourceLayout]:
    """The tasks with their module names as Python sees them (source roots, packages)."""
    layout = detect_layout([t.relpath for t in tasks], other_files, root.as_posix())
    names = unique_module_names(layout, [t.relpath for t in tasks])
    named = [FileTask(t.path, t.relpath, *names[t.relpath]) for t in tasks]
    return named, layout


def _with_project_findings(file_findings: list[Finding], project_findings: list[Finding], index: ProjectIndex) -> list[Finding]:
    """Project findings replace the file findings they supersede on the same line (a taint
    finding replaces bandit's on its sink); bandit's sink checks on sinks the taint
    analysis proves quiet drop to info (see auditor.analysis.taint.overlap)."""
    from auditor.analysis.taint.overlap import drop_superseded, settle

    supersedes = {rid: doc.supersedes for rid, doc in all_docs().items() if doc.supersedes}
    kept = drop_superseded(file_findings, project_findings, supersedes)
    return settle([*kept, *project_findings], index)


def _index(
    results: list[FileResult], root: Path, other_files: list[str], layout: SourceLayout | None = None
) -> ProjectIndex:
    collected: dict[str, dict[str, object]] = {}
    for r in results:
        for key, data in r.collected:
            collected.setdefault(key, {})[r.relpath] = data
    return ProjectIndex(
        (r.facts for r in results if r.facts is not None),
        root=root.as_posix(),
        other_files=other_files,
        collected=collected,
        layout=layout,
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
    tasks, layout = _named(tasks, other_files, root)
    plan = Plan(libcst_rules=(), file_rules=(), bandit_tests=(), engine_rules=(), collectors=collectors_for(()))
    results = run_files(tasks, plan, 1)
    return _index(results, root, other_files, layout)


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
    from auditor.engine import ReportFilter, make_findings

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
        known = {(e.file, e.message) for e in errors}
        for file, message in dict.fromkeys(rule.file_errors):
            if (file, message) not in known:  # rules sharing a manifest report it once
                errors.append(FileError(file, ErrorKind.PARSE, message[:300]))

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


__all__ = ["AuditError", "CacheOptions", "ConfigError", "audit"]
