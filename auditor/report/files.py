"""Writing the reports to their files, two at a time where the system can fork.

Rendering is pure CPU work over one finished AuditResult: Django's HTML report (2.3 MB,
2,000 highlighted snippets) and JSON report (13.6 MB) take about 0.7 and 0.5 s, the
larger part of a run whose whole result is cached. A forked child renders and writes
every file target after the first while this process does the first, so the two cores
share it. The bytes written are those of `render`, whichever process writes them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from auditor.model import AuditResult, Severity

_USER, _BUG = 3, 4  # the child's exit codes for "cannot write" and for any other failure


class ReportWriteError(Exception):
    """A report file cannot be written (the user can fix it: a path, a permission)."""


def write_report(fmt: str, target: str, result: AuditResult, fail_on: Severity | None) -> None:
    """Render `fmt` and write it to the file `target` (its folder is created)."""
    from auditor.report import render

    text = render(fmt, result, fail_on=fail_on)
    try:
        Path(target).parent.mkdir(exist_ok=True)
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportWriteError(f"cannot write {target}: {exc.strerror or exc}") from None


def write_reports(targets: list[tuple[str, str]], result: AuditResult, fail_on: Severity | None) -> None:
    """Write each (format, file) pair; with more than one, the rest in a forked child.
    Raises ReportWriteError for the first file that cannot be written, RuntimeError if
    rendering failed."""
    child = _Child(targets[1:], result, fail_on) if len(targets) > 1 and _can_fork() else None
    mine = targets[:1] if child is not None else targets
    try:
        for fmt, target in mine:
            write_report(fmt, target, result, fail_on)
    except BaseException:
        if child is not None:
            child.wait(quiet=True)
        raise
    if child is not None:
        child.wait()


def _can_fork() -> bool:
    # macOS: fork without exec is unsafe once system frameworks are loaded; Windows has none.
    return hasattr(os, "fork") and sys.platform != "darwin" and (os.cpu_count() or 1) > 1


class _Child:
    """A forked process that writes `targets` and reports how it went through a pipe."""

    def __init__(self, targets: list[tuple[str, str]], result: AuditResult, fail_on: Severity | None) -> None:
        sys.stdout.flush()  # else buffered output would be written twice
        sys.stderr.flush()
        self.read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child's lines run in the child
            os.close(self.read)
            _child_main(targets, result, fail_on, write)
        os.close(write)

    def wait(self, quiet: bool = False) -> None:
        """Wait for the child; unless `quiet`, raise what it could not do."""
        with os.fdopen(self.read, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if quiet or code == 0:
            return
        if code == _USER:
            raise ReportWriteError(message)
        raise RuntimeError(message or f"the process writing the reports stopped (exit status {code})")


def _child_main(targets: list[tuple[str, str]], result: AuditResult, fail_on: Severity | None, write: int) -> NoReturn:
    code, message = 0, ""
    try:
        for fmt, target in targets:
            write_report(fmt, target, result, fail_on)
    except ReportWriteError as exc:
        code, message = _USER, str(exc)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        code, message = _BUG, f"{type(exc).__name__}: {exc}"
    finally:
        try:
            os.write(write, message.encode("utf-8", "replace"))
        finally:
            os._exit(code)  # no atexit handlers, no flushing the parent's buffers
