"""The three kinds of rule and the metadata every rule carries.

A rule is one class in one file under `rules/<area>/`. Its metadata is checked when the
class is defined, so a broken rule fails at import, not in review. See STYLE.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Mapping

import libcst as cst

from auditor.helpers import AstIndex, ImportTable
from auditor.model import Category, Confidence, Example, RuleDoc, Severity, TraceStep

if TYPE_CHECKING:
    from auditor.project import ProjectIndex
    from auditor.source import SourceFile

RULE_ID = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
EXPECT = re.compile(r"#\s*expect\b")


class RuleDefinitionError(TypeError):
    """A rule class is missing or has malformed metadata."""


@dataclass(frozen=True)
class FileContext:
    """What a rule knows about the file it runs on."""

    relpath: str
    module_name: str
    imports: ImportTable
    options: Mapping[str, Any]
    is_test: bool = False
    # The file's stdlib tree, indexed (None when the running Python cannot parse it):
    # what a rule reads to decide it is `idle` in this file before libcst parses it.
    index: AstIndex | None = None


@dataclass
class Report:
    """A raw report from a rule, before positions, suppressions and fingerprints.

    Either `node` (a libcst node: its position is computed after the visit) or a span.
    """

    message: str
    node: cst.CSTNode | None = None
    line: int = 0
    column: int = 1
    end_line: int = 0
    end_column: int = 1
    severity: Severity | None = None
    scope: str = ""
    file: str = ""  # project rules name the file
    confidence: Confidence | None = None  # adapters may set these per report
    cwe: tuple[int, ...] | None = None
    snippet: str = ""  # project rules, which have no SourceFile at hand
    trace: tuple[TraceStep, ...] = ()  # data-flow path behind the report, source first
    effort: int | None = None  # minutes to fix this one, when it differs from the rule's
    # Not a finding but a verdict: the rule looked at this line and found no problem,
    # for the reason given. What the rule supersedes on the line (bandit's check of the
    # same call) drops to info with this reason appended (engine.drop_superseded).
    settles: str = ""


class _Meta:
    """Class attributes shared by every kind of rule."""

    id: ClassVar[str]
    title: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    confidence: ClassVar[Confidence]
    cwe: ClassVar[tuple[int, ...]] = ()
    refs: ClassVar[tuple[str, ...]] = ()
    tags: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[Mapping[str, Any]] = {}
    # Ids (usually bandit's) whose finding on the same line this rule's finding replaces:
    # one problem, one finding, with the more precise message.
    supersedes: ClassVar[tuple[str, ...]] = ()
    # Typical minutes to fix one finding (remediation estimate); a report may scale it.
    effort: ClassVar[int] = 10
    why: ClassVar[str]
    fix: ClassVar[str]
    example: ClassVar[Example]
    VALID: ClassVar[list[Any]]
    INVALID: ClassVar[list[Any]]
    abstract: ClassVar[bool] = True

    @classmethod
    def rule_name(cls) -> str:
        """`RequestWithoutTimeout` -> `request-without-timeout`."""
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", cls.__name__).lower()

    @classmethod
    def doc(cls) -> RuleDoc:
        return RuleDoc(
            id=cls.id,
            name=cls.rule_name(),
            title=cls.title,
            category=cls.category,
            severity=cls.severity,
            confidence=cls.confidence,
            cwe=tuple(cls.cwe),
            why=_clean(cls.why),
            fix=_clean(cls.fix),
            example=Example(_clean(cls.example.before), _clean(cls.example.after)),
            refs=tuple(cls.refs),
            tags=tuple(cls.tags),
            options=tuple(sorted(cls.options.items())),
            supersedes=tuple(cls.supersedes),
            effort=cls.effort,
        )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        cls.abstract = False
        _validate(cls)


def _clean(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def _validate(cls: type[_Meta]) -> None:
    where = f"{cls.__module__}.{cls.__name__}"

    def need(cond: bool, what: str) -> None:
        if not cond:
            raise RuleDefinitionError(f"{where}: {what}")

    for attr in ("id", "title", "category", "severity", "confidence", "why", "fix", "example", "VALID", "INVALID"):
        need(hasattr(cls, attr), f"missing `{attr}`")
    need(bool(RULE_ID.match(cls.id)), f"id {cls.id!r} must look like SEC012")
    need(isinstance(cls.title, str) and bool(cls.title.strip()), "empty title")
    need(isinstance(cls.category, Category), "category must be a Category")
    need(isinstance(cls.severity, Severity), "severity must be a Severity")
    need(isinstance(cls.confidence, Confidence), "confidence must be a Confidence")
    need(all(isinstance(c, int) for c in cls.cwe), "cwe must be a tuple of ints")
    need(cls.category is not Category.SECURITY or bool(cls.cwe), "security rules need a CWE")
    need(len(_clean(cls.why)) >= 40, "`why` must say what goes wrong in production")
    need(len(_clean(cls.fix)) >= 20, "`fix` must say what to do instead")
    need(isinstance(cls.example, Example), "example must be an Example(before, after)")
    need(isinstance(cls.VALID, list) and bool(cls.VALID), "VALID needs at least one snippet")
    need(isinstance(cls.INVALID, list) and bool(cls.INVALID), "INVALID needs at least one snippet")
    for snippet in cls.INVALID:
        texts = snippet.values() if isinstance(snippet, dict) else [snippet]
        need(any(EXPECT.search(t) for t in texts), "every INVALID snippet marks a line with `# expect`")
    need(isinstance(cls.options, Mapping), "options must be a mapping of defaults")
    need(isinstance(cls.effort, int) and cls.effort > 0, "effort must be a positive number of minutes")


class _Reporting:
    """Collects reports; shared by the three kinds."""

    def _init_reports(self, options: Mapping[str, Any]) -> None:
        self.reports: list[Report] = []
        defaults = dict(type(self).options)  # type: ignore[attr-defined]
        defaults.update(options)
        self.opts: dict[str, Any] = defaults


class Rule(_Meta, _Reporting, cst.BatchableCSTVisitor):
    """A libcst visitor. All selected rules of a file run in one batched visit.

    Use `self.qualify(expr)` to match library calls by qualified name.

    A rule that can tell from its context alone (the path, the import table, the stdlib
    tree in `context.index`) that it cannot report in a file sets `self.idle = True` in
    `__init__`: it is then left out of the walk, and a file where every rule is idle is
    never parsed by libcst. The condition must be implied by the rule's own logic (a
    necessary condition for any report), never a guess; `context.index` is None when
    the running Python cannot parse the file, and then only the other facts may be used.
    """

    abstract = True
    idle = False
    # Visitors whose state several rules read (analysis.tracking.FrameTracker): the
    # engine makes one of each per file, constructed with the file's FileContext, runs
    # it before the rules in the same walk and hands them to every rule (`attach`).
    shared_visitors: ClassVar[tuple[type, ...]] = ()

    def __init__(self, context: FileContext) -> None:
        super().__init__()
        self.context = context
        self._init_reports(context.options)
        # The enclosing def/class names during the walk; the engine shares its tracker's
        # stack here so every report records its scope (fingerprints use it).
        self.scope_stack: list[str] = []

    def attach(self, shared: dict[type, cst.BatchableCSTVisitor]) -> None:
        """The file's shared visitors, by class (see `shared_visitors`)."""

    def qualify(self, expr: cst.BaseExpression) -> str | None:
        return self.context.imports.qualify(expr)

    def report(
        self,
        node: cst.CSTNode,
        message: str | None = None,
        *,
        severity: Severity | None = None,
        effort: int | None = None,
    ) -> None:
        self.reports.append(
            Report(
                message=message or self.title,
                node=node,
                severity=severity,
                scope=".".join(self.scope_stack),
                effort=effort,
            )
        )


    def settle(self, node: cst.CSTNode, reason: str) -> None:
        """A verdict, not a finding (see `Report.settles`): what this rule supersedes on
        the node's line drops to info, with `reason` appended to its message."""
        self.reports.append(Report(message=reason, node=node, scope=".".join(self.scope_stack), settles=reason))


class FileRule(_Meta, _Reporting):
    """Gets the whole `SourceFile` (text, stdlib ast, radon blocks) once per file."""

    abstract = True

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self._init_reports(context.options)

    def check(self, source: SourceFile) -> None:
        raise NotImplementedError

    def report_at(
        self,
        line: int,
        column: int = 1,
        end_line: int | None = None,
        end_column: int | None = None,
        message: str | None = None,
        *,
        severity: Severity | None = None,
        scope: str = "",
        effort: int | None = None,
        snippet: str = "",
    ) -> None:
        """`snippet` replaces the source lines in the finding (e.g. with a secret masked)."""
        self.reports.append(
            Report(
                message=message or self.title,
                effort=effort,
                snippet=snippet,
                line=line,
                column=column,
                end_line=end_line if end_line is not None else line,
                end_column=end_column if end_column is not None else column,
                severity=severity,
                scope=scope,
            )
        )


class Collector:
    """Gathers plain, picklable facts from one Python file in the worker process, for
    project rules: `ProjectIndex.collected[key][relpath]` holds what `collect` returned.

    A ProjectRule names the collectors it needs in `needs`; a collector runs only when a
    selected project rule (or a report section) needs it, once per file, on the file's
    already-parsed trees (`source.module`, `source.ast`). Return None to record nothing.
    Raising `SourceError` means "this file cannot be read that way": nothing is recorded.
    """

    key: ClassVar[str]

    def collect(self, source: SourceFile, context: FileContext) -> Any:
        raise NotImplementedError


class ProjectRule(_Meta, _Reporting):
    """Runs once per audit over the `ProjectIndex` (import graph, module table, the
    repository's other files, and the facts of the collectors it `needs`).

    Its VALID/INVALID examples are small projects: `{path: code}` dicts.
    """

    abstract = True
    needs: ClassVar[tuple[type[Collector], ...]] = ()

    def __init__(self, options: Mapping[str, Any]) -> None:
        self._init_reports(options)
        self.file_errors: list[tuple[str, str]] = []

    def check(self, project: ProjectIndex) -> None:
        raise NotImplementedError

    def report_error(self, file: str, message: str) -> None:
        """A repository file the rule could not read as its format says (a malformed
        manifest): it becomes a parse error of the run, once per file and message."""
        self.file_errors.append((file, message))

    def report_at(
        self,
        file: str,
        line: int,
        message: str | None = None,
        *,
        column: int = 1,
        end_line: int | None = None,
        end_column: int | None = None,
        severity: Severity | None = None,
        scope: str = "",
        snippet: str = "",
        trace: tuple[TraceStep, ...] = (),
        effort: int | None = None,
    ) -> None:
        self.reports.append(
            Report(
                message=message or self.title,
                file=file,
                snippet=snippet,
                trace=trace,
                effort=effort,
                line=line,
                column=column,
                end_line=end_line if end_line is not None else line,
                end_column=end_column if end_column is not None else column,
                severity=severity,
                scope=scope,
            )
        )


AnyRule = type["Rule"] | type["FileRule"] | type["ProjectRule"] | type["EngineRule"]


def expected_lines(code: str) -> list[int]:
    """1-based lines of a snippet marked `# expect`."""
    return [i for i, line in enumerate(code.splitlines(), 1) if EXPECT.search(line)]


class EngineRule(_Meta, _Reporting):
    """A rule whose detector is a step of the engine itself (e.g. unused suppressions).

    It carries the same metadata and examples as any rule; the engine reports it.
    """

    abstract = True

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self._init_reports(context.options)
