"""Everything a whole audit's result depends on, as lines of text: the key of the
whole-audit cache (auditor.cache.FileCache.get_audit).

When none of these changed, the previous run's result is the result: the per-file
analysis, the project rules, the report sections and the ranking are not redone (a warm
run on an unchanged tree then costs discovery, hashing the Python files and rendering).
What goes in:

- the tool, its libraries, the interpreter and the analysis plan (the per-file cache's
  fingerprint), and the whole configuration;
- the audited root, every Python file's name, module name and sha256, what discovery
  could not read, and every other file of the repository by name, size and modification
  time (manifests, Dockerfiles, templates, settings are read by project rules);
- inputs outside the tree that project steps read: the coverage files a coverage report
  is looked for at, the advisory source (the configured path, else the local store), the
  git commit checked out (churn and the stage guess come from git history), today's date
  (end-of-life dates), and the auditor's own environment (which installed distributions
  provide which import names: the modification times of the folders on `sys.path`).

Non-Python files are compared by size and modification time, not content: an edit that
keeps both (a tool that restores timestamps) is not seen; `--no-cache` always recomputes.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Iterable, Iterator

from auditor.analysis.advisories import store_path
from auditor.analysis.coverage_paths import COVERAGE_DIRS, COVERAGE_FILES
from auditor.changes import ChangesError, run_git
from auditor.config import ADVISORIES_RULE, Config
from auditor.plan import FileTask
from auditor.model import FileError


def audit_inputs(
    config: Config,
    root: Path,
    tasks: list[FileTask],
    digests: dict[str, str],
    other_files: list[str],
    errors: list[FileError],
) -> Iterator[str]:
    """The lines of the key, in a fixed order (see the module docstring)."""
    yield f"config {config!r}"
    yield f"root {root.as_posix()}"
    for task in tasks:
        yield f"py {task.relpath}\0{task.module}\0{task.is_package}\0{digests.get(task.relpath, '')}"
    for error in errors:
        yield f"unread {error.file}\0{error.kind.value}\0{error.message}"
    for rel in other_files:
        yield f"file {rel}\0{_stat(root / rel)}"
    for directory in COVERAGE_DIRS:
        for name in COVERAGE_FILES:
            rel = f"{directory}/{name}" if directory else name
            yield f"coverage {rel}\0{_stat(root / rel)}"
    yield from _advisories(config)
    yield f"git {_head(root)}"
    yield f"today {dt.date.today().isoformat()}"
    for entry in sys.path:
        yield f"sys.path {entry}\0{_stat(Path(entry or '.'))}"


def _stat(path: Path) -> str:
    """Size and modification time, or "-" for a path that is not there."""
    try:
        st = path.stat()
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _advisories(config: Config) -> Iterator[str]:
    configured = config.rule_options().get(ADVISORIES_RULE, {}).get("advisories")
    if configured:
        path = Path(str(configured)).expanduser().absolute()
        yield f"advisories {path}\0{_stat(path)}"
        if path.is_dir():
            for file in _files_below(path):
                yield f"advisory {file}\0{_stat(file)}"
        return
    store = store_path()
    for suffix in ("", "-wal"):
        yield f"advisory store {store}{suffix}\0{_stat(Path(f'{store}{suffix}'))}"


def _files_below(path: Path) -> Iterable[Path]:
    out: list[Path] = []
    for base, dirs, files in os.walk(path):
        dirs.sort()
        out.extend(Path(base) / f for f in sorted(files))
    return out


def _head(root: Path) -> str:
    """The commit checked out at `root`, or "-" outside a git repository."""
    try:
        return run_git(root if root.is_dir() else root.parent, "rev-parse", "HEAD").strip()
    except ChangesError:
        return "-"
