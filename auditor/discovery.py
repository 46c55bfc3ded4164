"""Find the files to audit: one walk, honouring .gitignore, excludes and symlink safety."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pathspec

DEFAULT_EXCLUDES = (
    ".git/",
    ".hg/",
    ".svn/",
    ".venv/",
    "venv/",
    "env/",
    ".env/",
    "virtualenv/",
    ".tox/",
    ".nox/",
    "node_modules/",
    "build/",
    "dist/",
    "__pycache__/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    ".eggs/",
    "*.egg-info/",
    "site-packages/",
    ".audit-cache/",
)


@dataclass(frozen=True)
class Discovered:
    path: str  # absolute path to read
    relpath: str  # POSIX, relative to the audit root


@dataclass(frozen=True)
class DiscoveryProblem:
    relpath: str
    kind: str
    message: str


def _spec(patterns: list[str]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def discover(
    root: Path, excludes: list[str], use_gitignore: bool = True
) -> tuple[list[Discovered], list[DiscoveryProblem]]:
    """Python files below `root` (or `root` itself if it is a file), sorted by relpath.

    Symlinked directories are followed once (a loop is skipped and reported); dangling
    links and unreadable directories are reported, never fatal.
    """
    problems: list[DiscoveryProblem] = []
    root = root.absolute()
    if root.is_file():
        return [Discovered(str(root), root.name)], problems
    exclude_spec = _spec([*DEFAULT_EXCLUDES, *excludes])
    found: list[Discovered] = []
    seen_dirs: set[tuple[int, int]] = set()
    # Stack of (directory, relpath prefix, gitignore specs that apply with their base).
    stack: list[tuple[Path, str, list[tuple[str, pathspec.PathSpec]]]] = [(root, "", [])]
    while stack:
        directory, rel, ignores = stack.pop()
        try:
            st = directory.stat()
        except OSError as exc:
            problems.append(DiscoveryProblem(rel or ".", "read-error", _os_reason(exc)))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            problems.append(DiscoveryProblem(rel, "skipped", "symlink loop: directory already visited"))
            continue
        seen_dirs.add(key)
        if use_gitignore:
            gi = directory / ".gitignore"
            try:
                if gi.is_file():
                    lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
                    ignores = [*ignores, (rel, _spec(lines))]
            except OSError:
                pass
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            problems.append(DiscoveryProblem(rel or ".", "read-error", _os_reason(exc)))
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            shown = name if _printable(name) else name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            entry_rel = f"{rel}/{shown}" if rel else shown
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = not is_dir and entry.is_file(follow_symlinks=True)
            except OSError as exc:
                problems.append(DiscoveryProblem(entry_rel, "read-error", _os_reason(exc)))
                continue
            if entry.is_symlink() and not is_dir and not is_file:
                if name.endswith(".py"):
                    problems.append(DiscoveryProblem(entry_rel, "read-error", "dangling symbolic link"))
                continue
            check = entry_rel + "/" if is_dir else entry_rel
            if exclude_spec.match_file(check) or _ignored(check, ignores):
                continue
            if is_dir:
                subdirs.append((Path(entry.path), entry_rel, ignores))
            elif is_file and name.endswith(".py"):
                found.append(Discovered(entry.path, entry_rel))
        stack.extend(reversed(subdirs))
    found.sort(key=lambda d: d.relpath)
    return found, problems


def _printable(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _ignored(check: str, ignores: list[tuple[str, pathspec.PathSpec]]) -> bool:
    for base, spec in ignores:
        if base:
            if not check.startswith(base + "/"):
                continue
            sub = check[len(base) + 1:]
        else:
            sub = check
        if spec.match_file(sub):
            return True
    return False


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
