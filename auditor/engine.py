"""The per-file run: one read, one parse, one batched visit, then adapters and file rules.

`analyze_file` is what a worker process runs. It takes and returns plain data, so results
cross process boundaries cheaply. A crash in one rule becomes an `errors` entry for that
file and rule; the other rules' findings are kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator

import libcst as cst
import pathspec

from auditor.helpers import AstIndex, ImportTable, build_import_table, build_import_table_from_ast, dynamic_imports
from auditor.model import ErrorKind, FileError, Finding, RuleDoc, Severity
from auditor.plan import FileResult, FileTask, Plan, skipped_result
from auditor.project import TEST_FILES, ImportFact, ModuleFacts, module_name_for
from auditor.rule import FileContext, Report, Rule
from auditor.source import SourceError, SourceFile
from auditor.suppressions import Suppression, parse_suppressions
from auditor.walk import visit_batched



class _Clock:
    """Adds up CPU seconds per phase of one file's analysis (the JSON report's `cpu_*`
    timings): process time, so a busy machine does not inflate them."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        start = time.process_time()
        try:
            yield
        finally:
            self.spent[phase] = self.spent.get(phase, 0.0) + time.process_time() - start


@dataclass
class Worker:
    """Per-process state: rule classes, docs and the bandit test set, built once
    (auditor.pool runs one per worker process)."""

    plan: Plan
    rules: dict[str, Any] = field(default_factory=dict)
    docs: dict[str, RuleDoc] = field(default_factory=dict)
    bandit: Any = None

    def __post_init__(self) -> None:
        from auditor.registry import all_collectors, all_docs, own_rules

        self.rules = own_rules()
        self.docs = all_docs()
        known = all_collectors()
        self.collectors = [known[key]() for key in self.plan.collectors]
        if self.plan.bandit_tests:
            from auditor.adapters.bandit import BanditRunner

            self.bandit = BanditRunner(self.plan.bandit_tests)
        self.options = {rid: dict(opts) for rid, opts in self.plan.options}
        self.severity = dict(self.plan.severity)
        self.filter = ReportFilter.for_plan(self.plan, self.docs, deferred=frozenset(self.plan.project_rules))


class _ScopeTracker(cst.BatchableCSTVisitor):
    """Runs first in the batch; rules' reports take the enclosing def/class qualname."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.stack.append(node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()


def analyze_file(task: FileTask, state: Worker) -> FileResult:
    """Audit one file; never raises for anything the file contains."""
    relpath = task.relpath
    try:
        size = os.path.getsize(task.path)
        if size > state.plan.max_file_bytes:
            limit = state.plan.max_file_bytes // 1024
            return skipped_result(relpath, ErrorKind.SKIPPED, f"file is {size // 1024} KiB, over the {limit} KiB limit")
        with open(task.path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return skipped_result(relpath, ErrorKind.READ, exc.strerror or type(exc).__name__)
    return replace(_analyze_bytes(task, state, data), digest=hashlib.sha256(data).hexdigest())


def _analyze_bytes(task: FileTask, state: Worker, data: bytes) -> FileResult:
    relpath = task.relpath
    module_name, is_package = (task.module, task.is_package) if task.module else module_name_for(relpath)
    source = SourceFile(relpath, data, module_name)
    try:
        source.text
    except SourceError as exc:
        return skipped_result(relpath, ErrorKind(exc.kind), exc.message)
    run = _FileRun(task, state, source, is_package)
    try:
        run.libcst_phase()
        run.file_rules_phase()
        run.bandit_phase()
        run.collect_phase()
        return run.result()
    except Exception as exc:  # a bug of ours on one file must not end the whole audit
        error = _crash(relpath, "engine", exc)
        return skipped_result(relpath, ErrorKind.INTERNAL, error.message)


class _FileRun:
    """The phases of one file's analysis, sharing the file's reports, errors and clock."""

    def __init__(self, task: FileTask, state: Worker, source: SourceFile, is_package: bool) -> None:
        self.task, self.state, self.source, self.is_package = task, state, source, is_package
        self.clock = _Clock()
        self.raw: list[tuple[str, Report]] = []
        self.errors: list[FileError] = []
        self.facts: ModuleFacts | None = None
        self.is_test = bool(TEST_FILES.match_file(task.relpath))
        self.imports = ImportTable(module_name=source.module_name)  # until the file parses
        self.parsed = False
        self.skipped: dict[str, str] = {}  # analyzers that need the stdlib ast, when it fails
        self.collected: list[tuple[str, Any]] = []

    def libcst_phase(self) -> None:
        """Imports, then the libcst rules. The import table comes from the stdlib tree when
        this Python reads the file; the rules are made first, and when every one of them is
        idle in the file (see `Rule`) libcst never parses it."""
        tree = self._stdlib_tree()
        if tree is None:
            self._libcst_only()
            return
        with self.clock("imports"):
            self.imports = build_import_table_from_ast(tree, self.source.lines, self.source.module_name, self.is_package)
            index = AstIndex(self.source.ast_nodes, self.source.text)
        import_lines = {stmt: stmt.lineno for stmt in self.imports.statements}
        rules: list[Rule] = []
        if self.state.plan.libcst_rules:
            with self.clock("visit"):
                rules = self._make_rules(index)
        if any(not rule.idle for rule in rules):  # else nothing to report here: no libcst tree
            module = self._parse()
            if module is None:
                self._record_facts(import_lines)  # the imports are known all the same
                return
            with self.clock("visit"):
                self.raw.extend(
                    _run_libcst_rules(module, self.source, rules, lambda: self._make_rules(index), self.context(""), self.errors)
                )
        self.parsed = True
        self._place_reports()
        self._record_facts(import_lines)

    def _libcst_only(self) -> None:
        """A file this Python cannot read (newer syntax): libcst gives the imports too."""
        module = self._parse()
        if module is None:
            return
        with self.clock("visit"):
            self.imports = build_import_table(module, self.source.module_name, self.is_package)
            if self.state.plan.libcst_rules:
                rules = self._make_rules(None)
                self.raw.extend(
                    _run_libcst_rules(module, self.source, rules, lambda: self._make_rules(None), self.context(""), self.errors)
                )
        self.parsed = True
        spans = self._place_reports(self.imports.statements)
        self._record_facts({node: spans[node].line for node in self.imports.statements if node in spans})

    def _parse(self) -> cst.Module | None:
        try:
            with self.clock("parse"):
                return self.source.module
        except SourceError as exc:
            self.errors.append(FileError(self.source.relpath, ErrorKind.PARSE, exc.message))
            return None

    def _place_reports(self, also: list[Any] | None = None) -> dict[Any, Any]:
        """Positions of the reported nodes (and of `also`), set on the reports."""
        with self.clock("positions"):
            wanted = [r.node for _, r in self.raw if r.node is not None] + (also or [])
            spans = self.source.positions(wanted) if wanted else {}
        for _, report in self.raw:
            span = spans.get(report.node) if report.node is not None else None
            if span is not None:
                report.line, report.column = span.line, span.column
                report.end_line, report.end_column = span.end_line, span.end_column
        return spans

    def _stdlib_tree(self) -> Any:
        try:
            return self.source.ast
        except SourceError:
            return None

    def context(self, rid: str, index: AstIndex | None = None) -> FileContext:
        return FileContext(
            self.source.relpath, self.source.module_name, self.imports, self.state.options.get(rid, {}), self.is_test, index
        )

    def _make_rules(self, index: AstIndex | None) -> list[Rule]:
        return [self.state.rules[rid](self.context(rid, index)) for rid in self.state.plan.libcst_rules]

    def _record_facts(self, import_lines: dict[Any, int]) -> None:
        source = self.source
        self.facts = ModuleFacts(
            module=source.module_name,
            file=source.relpath,
            is_package=self.is_package,
            lines=source.line_count,
            imports=tuple(_import_fact(i, import_lines, source) for i in self.imports.imports) + self._dynamic_imports(),
            is_test=self.is_test,
        )

    def _dynamic_imports(self) -> tuple[ImportFact, ...]:
        """`importlib.import_module("literal")` calls, as imports of kind "dynamic"."""
        try:
            tree = self.source.ast
        except SourceError:
            return ()
        found = dynamic_imports(tree, self.source.text, self.source.module_name, self.is_package)
        lines = self.source.lines
        return tuple(
            ImportFact(target, (), "dynamic", line, lines[line - 1].strip() if 0 < line <= len(lines) else "")
            for target, line in found
        )

    def file_rules_phase(self) -> None:
        for rid in self.state.plan.file_rules:
            context = FileContext(
                self.source.relpath, self.source.module_name, self.imports, self.state.options.get(rid, {}), self.is_test
            )
            rule = self.state.rules[rid](context)
            try:
                with self.clock("file_rules"):
                    rule.check(self.source)
            except SourceError as exc:
                self.skipped[rid] = exc.message
                continue
            except Exception as exc:  # a rule's bug must not lose the file's other findings
                self.errors.append(_crash(self.source.relpath, rid, exc))
                continue
            self.raw.extend((rid, r) for r in rule.reports)

    def collect_phase(self) -> None:
        """Facts for project rules, from the trees the rules already parsed."""
        if not self.state.collectors:
            return
        context = FileContext(self.source.relpath, self.source.module_name, self.imports, {}, self.is_test)
        for collector in self.state.collectors:
            try:
                with self.clock(f"collect_{collector.key}"):
                    data = collector.collect(self.source, context)
            except SourceError:
                continue
            except Exception as exc:  # a collector's bug costs its facts for this file only
                self.errors.append(_crash(self.source.relpath, f"collector {collector.key}", exc))
                continue
            if data is not None:
                self.collected.append((collector.key, data))

    def bandit_phase(self) -> None:
        if self.state.bandit is None:
            return
        try:
            with self.clock("bandit"):
                issues = self.state.bandit.run(self.source, self.task.path)
        except SourceError as exc:
            self.skipped["bandit"] = exc.message
            return
        except Exception as exc:
            self.errors.append(_crash(self.source.relpath, "bandit", exc))
            return
        for issue in issues:
            report = Report(
                message=issue.message,
                line=issue.line,
                column=issue.column,
                end_line=issue.end_line,
                end_column=issue.end_column,
                severity=issue.severity,
                confidence=issue.confidence,
                cwe=issue.cwe,
            )
            self.raw.append((issue.test_id, report))

    def result(self) -> FileResult:
        relpath = self.source.relpath
        if self.skipped and self.parsed:  # when both parsers fail, the parse error says it all
            names = ", ".join(sorted(self.skipped))
            reason = next(iter(self.skipped.values()))
            self.errors.append(FileError(relpath, ErrorKind.ANALYZER_SKIPPED, f"{names} skipped: {reason}"))
        with self.clock("finish"):
            findings, pending = _finish(self.raw, self.source, self.state)
        analyzed = self.parsed or _ast_parses(self.source)
        return FileResult(
            relpath,
            tuple(findings),
            tuple(self.errors),
            self.facts,
            self.source.line_count if analyzed else 0,
            analyzed,
            pending,
            tuple(self.clock.spent.items()),
            tuple(self.collected),
            self.is_test,
        )


def _ast_parses(source: SourceFile) -> bool:
    try:
        source.ast
    except SourceError:
        return False
    return True


def _import_fact(ref: Any, lines: dict[Any, int], source: SourceFile) -> ImportFact:
    line = lines.get(ref.node, 0)
    text = source.lines[line - 1].strip() if 0 < line <= len(source.lines) else ""
    return ImportFact(ref.target, ref.names, ref.kind, line, text)


def _run_libcst_rules(
    module: cst.Module,
    source: SourceFile,
    rules: list[Rule],
    fresh_rules: Callable[[], list[Rule]],
    context: FileContext,
    errors: list[FileError],
) -> list[tuple[str, Report]]:
    """The rules' reports from one batched walk; if a rule crashes it, each rule again on
    its own (made afresh by `fresh_rules`), so the others' findings are kept."""
    try:
        visit_batched(module, _with_trackers(rules, context))
        return [(r.id, rep) for r in rules for rep in r.reports]
    except RecursionError:
        errors.append(FileError(source.relpath, ErrorKind.PARSE, "nesting too deep for the rule visitors"))
        return []
    except Exception:  # one rule crashed the batch: run each alone, keep the others' findings
        return _run_rules_alone(module, source, fresh_rules(), context, errors)


def _with_trackers(rules: list[Rule], context: FileContext) -> list[cst.BatchableCSTVisitor]:
    """The rules after the visitors whose state they read: the scope tracker (report
    scopes) and one of each of their shared visitors, attached to them."""
    tracker = _ScopeTracker()
    shared: dict[type, cst.BatchableCSTVisitor] = {}
    for rule in rules:
        if rule.idle:
            continue
        for kind in rule.shared_visitors:
            if kind not in shared:
                shared[kind] = kind(context)
        rule.scope_stack = tracker.stack
        rule.attach(shared)
    return [tracker, *shared.values(), *rules]


def _run_rules_alone(
    module: cst.Module, source: SourceFile, rules: list[Rule], context: FileContext, errors: list[FileError]
) -> list[tuple[str, Report]]:
    out: list[tuple[str, Report]] = []
    for rule in rules:
        try:
            visit_batched(module, _with_trackers([rule], context))
        except Exception as exc:
            errors.append(_crash(source.relpath, rule.id, exc))
            continue
        out.extend((rule.id, rep) for rep in rule.reports)
    return out


def _crash(relpath: str, rule: str, exc: BaseException) -> FileError:
    if isinstance(exc, RecursionError):  # a limit of the analyzer on this file, not a bug in it
        return FileError(relpath, ErrorKind.RULE_CRASH, f"{rule} gave up: nesting too deep (RecursionError)", rule=rule)
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else ""
    return FileError(relpath, ErrorKind.RULE_CRASH, f"{rule} crashed: {type(exc).__name__}: {exc}{where}"[:300], rule=rule)


_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class ReportFilter:
    """What stands between raw reports and findings, for file and project rules alike:
    per-file ignores, superseded findings, suppression comments, and stale suppressions."""

    docs: dict[str, RuleDoc]
    ignores: tuple[tuple[pathspec.PathSpec, frozenset[str]], ...]
    selected: frozenset[str]
    deferred: frozenset[str] = frozenset()  # project rules' ids: judged after the files

    @classmethod
    def for_plan(cls, plan: Plan, docs: dict[str, RuleDoc], deferred: frozenset[str] = frozenset()) -> ReportFilter:
        from auditor.registry import resolve_ids

        ignores = tuple(
            (pathspec.GitIgnoreSpec.from_lines([glob]), frozenset(resolve_ids(ids))) for glob, ids in plan.per_file_ignores
        )
        return cls(docs, ignores, plan.selected, deferred)

    def ignored(self, relpath: str) -> set[str]:
        out: set[str] = set()
        for spec, ids in self.ignores:
            if spec.match_file(relpath):
                out |= ids
        return out

    def apply(
        self, relpath: str, raw: list[tuple[str, Report]], suppressions: dict[int, Suppression]
    ) -> list[tuple[str, Report]]:
        ignored = self.ignored(relpath)
        raw = drop_superseded([(rid, r) for rid, r in raw if rid not in ignored], self.docs)
        kept, used = apply_suppressions(raw, suppressions)
        if "AUD001" in self.selected and "AUD001" not in ignored:
            kept.extend(("AUD001", r) for r in self._stale(suppressions, used, ignored | self.deferred))
        return kept

    def _stale(self, suppressions: dict[int, Suppression], used: set[tuple[int, str]], skip: set[str]) -> list[Report]:
        """AUD001 reports: ids that are not rules, or selected rules with no finding there."""
        out: list[Report] = []
        for line, sup in sorted(suppressions.items()):
            for sid in sup.ids:
                if (line, sid) in used or sid in skip:
                    continue
                if sid not in self.docs:
                    message = f"`{sid}` is not a rule id: this suppression does nothing"
                elif sid in self.selected:
                    message = f"no {sid} finding on this line: the suppression is stale"
                else:
                    continue
                out.append(Report(message=message, line=line, column=sup.column, end_line=line, end_column=sup.end_column))
        return out


def _finish(
    raw: list[tuple[str, Report]], source: SourceFile, state: Worker
) -> tuple[list[Finding], tuple[Suppression, ...]]:
    """Per-file ignores, suppression comments, unused suppressions, then Findings."""
    relpath = source.relpath
    suppressions: dict[int, Suppression] = {}
    if "audit:" in source.text:
        suppressions = parse_suppressions(source.comments, source.lines)
    kept = state.filter.apply(relpath, raw, suppressions)
    project = state.filter.deferred
    pending = tuple(
        Suppression(s.line, s.column, s.end_column, tuple(i for i in s.ids if i in project))
        for s in suppressions.values()
        if any(i in project for i in s.ids)
    )
    scopes = _ast_scopes(source) if any(not r.scope for _, r in kept) else None
    findings = make_findings(
        kept,
        relpath,
        state.docs,
        state.severity,
        snippet=lambda r: r.snippet or source.snippet(r.line, max(r.end_line, r.line)),
        context=lambda r: source.lines[r.line - 1] if 0 < r.line <= len(source.lines) else "",
        scope=lambda r: r.scope or (_scope_at(scopes, r.line) if scopes else ""),
    )
    return findings, pending


def drop_superseded(raw: list[tuple[str, Report]], docs: dict[str, RuleDoc]) -> list[tuple[str, Report]]:
    """One problem, one finding: drop e.g. bandit's B110 where ERR001 reports the same line.
    Where a rule settled the line instead (`Report.settles`: looked, found no problem),
    what it supersedes there drops to info with the reason; the verdict itself goes."""
    replaced = {(r.line, old) for rid, r in raw if rid in docs and not r.settles for old in docs[rid].supersedes}
    settled = {(r.line, old): r.settles for rid, r in raw if rid in docs and r.settles for old in docs[rid].supersedes}
    if not replaced and not any(r.settles for _, r in raw):  # no verdict either: the common case
        return raw
    out = []
    for rid, r in raw:
        if r.settles or (r.line, rid) in replaced:
            continue
        reason = settled.get((r.line, rid))
        if reason:
            r = replace(r, severity=Severity.INFO, message=f"{r.message} ({reason})")
        out.append((rid, r))
    return out


def apply_suppressions(
    raw: list[tuple[str, Report]], suppressions: dict[int, Suppression]
) -> tuple[list[tuple[str, Report]], set[tuple[int, str]]]:
    """Drop reports whose line carries `# audit: ignore[ID]` for their rule."""
    used: set[tuple[int, str]] = set()
    kept: list[tuple[str, Report]] = []
    for rid, report in raw:
        sup = suppressions.get(report.line)
        if sup is not None and rid in sup.ids:
            used.add((report.line, rid))
            continue
        kept.append((rid, report))
    return kept, used


def make_findings(
    kept: list[tuple[str, Report]],
    relpath: str,
    docs: dict[str, RuleDoc],
    severity: dict[str, Severity],
    snippet: Callable[[Report], str],
    context: Callable[[Report], str],
    scope: Callable[[Report], str],
) -> list[Finding]:
    """Findings with stable fingerprints: rule, enclosing scope, the reported line's code
    (whitespace folded) and its occurrence count, so edits elsewhere do not change them."""
    findings: list[Finding] = []
    seen: dict[tuple[str, str, str], int] = {}
    for rid, report in sorted(kept, key=lambda x: (x[1].line, x[1].column, x[0], x[1].message)):
        doc = docs.get(rid)
        if doc is None:
            continue
        report.line = max(report.line, 1)
        report.end_line = max(report.end_line, report.line)
        where = scope(report)
        code = _WS.sub(" ", context(report).strip())
        key = (rid, where, code)
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256(f"{rid}\x00{where}\x00{code}\x00{seen[key]}".encode()).hexdigest()[:20]
        findings.append(
            Finding(
                rule=rid,
                title=doc.title,
                category=doc.category,
                severity=severity.get(rid) or report.severity or doc.severity,
                confidence=report.confidence or doc.confidence,
                file=relpath,
                line=report.line,
                column=max(report.column, 1),
                end_line=report.end_line,
                end_column=max(report.end_column, 1),
                message=report.message,
                cwe=report.cwe if report.cwe is not None else doc.cwe,
                snippet=snippet(report),
                scope=where,
                fingerprint=fingerprint,
                trace=report.trace,
                effort=report.effort if report.effort is not None else doc.effort,
            )
        )
    return findings


def _ast_scopes(source: SourceFile) -> list[tuple[int, int, str]] | None:
    """(start, end, qualname) of every def/class, from the stdlib tree when it parses."""
    import ast

    try:
        tree = source.ast
    except SourceError:
        return None
    out: list[tuple[int, int, str]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qual = f"{prefix}.{child.name}" if prefix else child.name
                out.append((child.lineno, child.end_lineno or child.lineno, qual))
                walk(child, qual)
            elif isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                walk(child, prefix)

    walk(tree, "")
    return out


def _scope_at(scopes: list[tuple[int, int, str]] | None, line: int) -> str:
    best = ""
    best_start = -1
    for start, end, qual in scopes or ():
        if start <= line <= end and start >= best_start:
            best, best_start = qual, start
    return best
