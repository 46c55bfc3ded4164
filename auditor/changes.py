"""Lines added or changed since a git ref, for new-code gating (`--changed-since REF`).

Runs `git` (no shell) in the audited root. Paths are returned relative to that root,
POSIX style; an untracked file counts as changed in full.
"""

from __future__ import annotations

import codecs
import re
import subprocess
from pathlib import Path

from auditor.model import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # marker in ChangedLines: every line of the file changed


class ChangesError(ValueError):
    """Changed lines cannot be computed (not a git repository, unknown ref, no git)."""


ChangedLines = dict[str, "set[int] | None"]


def run_git(root: Path, *args: str) -> str:
    """stdout of `git -C root ARGS...` (no shell); ChangesError when git fails."""
    return _git(root, *args)


def _git(root: Path, *args: str) -> str:
    cmd = ["git", "-c", "core.quotepath=off", "-C", str(root), *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        raise ChangesError(f"cannot run git: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        detail = " ".join(proc.stderr.split()) or f"exit code {proc.returncode}"
        raise ChangesError(f"git {args[0]} failed: {detail}")
    return proc.stdout


def _toplevel(root: Path) -> Path:
    try:
        out = _git(root, "rev-parse", "--show-toplevel")
    except ChangesError:
        raise ChangesError(f"--changed-since: {root} is not inside a git repository") from None
    return Path(out.strip()).resolve()


def _verify_ref(root: Path, ref: str) -> None:
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except ChangesError:
        raise ChangesError(f"--changed-since: unknown git ref {ref!r}") from None


def parse_diff(text: str) -> dict[str, set[int]]:
    """{path (as in the diff, new side): added/changed line numbers} from `--unified=0` output."""
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = None if target == "/dev/null" else out.setdefault(_strip_prefix(target), set())
            continue
        m = _HUNK.match(line)
        if m and current is not None:
            start, count = int(m.group(1)), int(m.group(2) or "1")
            current.update(range(start, start + count))  # count 0: a pure deletion
    return out


def _strip_prefix(target: str) -> str:
    if len(target) > 1 and target.startswith('"') and target.endswith('"'):  # C-style quoted
        target = codecs.escape_decode(target[1:-1].encode("utf-8"))[0].decode("utf-8", "replace")
    return target[2:] if target.startswith("b/") else target


def changed_lines(root: Path, ref: str) -> ChangedLines:
    """{path relative to `root`: changed lines, or None for a whole (untracked) file}."""
    root = root.resolve()
    base = root if root.is_dir() else root.parent
    top = _toplevel(base)
    _verify_ref(base, ref)
    diff = _git(top, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--find-renames", ref, "--")
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z")
    result: ChangedLines = {}
    for path, lines in parse_diff(diff).items():
        rel = _relative(top / path, base)
        if rel is not None and lines:
            result[rel] = lines
    for path in filter(None, untracked.split("\0")):
        rel = _relative(top / path, base)
        if rel is not None:
            result[rel] = ALL_LINES
    return result


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


def touches(finding: Finding, changes: ChangedLines) -> bool:
    """Whether the finding's line range intersects a changed line of its file."""
    if finding.file not in changes:
        return False
    lines = changes[finding.file]
    if lines is ALL_LINES:
        return True
    return any(n in lines for n in range(finding.line, max(finding.end_line, finding.line) + 1))


__all__ = ["ChangesError", "changed_lines", "parse_diff", "run_git", "touches"]
