"""What a run hands the per-file analysis and gets back: plain, picklable data.

Kept apart from the engine (libcst, the rules) so that a run whose whole result is
cached (auditor.api) can plan, key and reuse it without importing any of the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditor.model import ErrorKind, FileError

if TYPE_CHECKING:
    from auditor.model import Finding, Severity
    from auditor.project import ModuleFacts
    from auditor.suppressions import Suppression


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to audit files; plain data, sent once per worker."""

    libcst_rules: tuple[str, ...]
    file_rules: tuple[str, ...]
    bandit_tests: tuple[str, ...]
    engine_rules: tuple[str, ...]
    project_rules: tuple[str, ...] = ()
    options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    max_file_bytes: int = 8 * 1024 * 1024
    collectors: tuple[str, ...] = ()  # keys of the fact collectors project rules need

    @property
    def selected(self) -> frozenset[str]:
        return frozenset(
            (*self.libcst_rules, *self.file_rules, *self.bandit_tests, *self.engine_rules, *self.project_rules)
        )


@dataclass(frozen=True)
class FileTask:
    path: str
    relpath: str
    module: str = ""  # the module name from the repository's layout (api); "" = from the path
    is_package: bool = False


@dataclass(frozen=True)
class FileResult:
    relpath: str
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    facts: ModuleFacts | None
    lines: int
    analyzed: bool
    # Suppressions naming project rules: those run later, over the whole project.
    project_suppressions: tuple[Suppression, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()  # seconds per phase (parse, visit, bandit...)
    collected: tuple[tuple[str, Any], ...] = ()  # (collector key, facts) for project rules
    is_test: bool = False
    digest: str = ""  # sha256 of the bytes analysed: the result cache's key (auditor.cache)
    # Decided by the run, not the file (over a budget, a dead worker): never reused.
    transient: bool = False


def skipped_result(relpath: str, kind: ErrorKind, message: str) -> FileResult:
    return FileResult(relpath, (), (FileError(relpath, kind, message),), None, 0, False)
