"""Find the files to audit: one walk, honouring .gitignore, excludes and symlink safety."""

from __future__ import annotations

import fnmatch
import os
import re
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
    ".audit_cache/",  # the result cache (auditor.cache)
)
# The defaults are all folder names, at any depth, with no negation: a folder is excluded
# by them when its name matches, and a file never is (its folder would have been pruned).
# One regex over the name does what GitIgnoreSpec does with a regex per pattern per path
# (a quarter of a second on Django's 10,000 entries).
_DEFAULT_DIRS = re.compile("|".join(fnmatch.translate(p[:-1]) for p in DEFAULT_EXCLUDES))


@dataclass(frozen=True)
class Discovered:
    path: str  # absolute path to read
    relpath: str  # POSIX, relative to the audit root

    @property
    def is_python(self) -> bool:
        return self.relpath.endswith(".py")


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
    """Files below `root` (or `root` itself if it is a file), sorted by relpath: Python
    files for the per-file analysis, the others (manifests, Dockerfiles, templates,
    config) for project rules. `Discovered.is_python` tells them apart.

    Symlinked directories are followed once (a loop is skipped and reported); dangling
    links and unreadable directories are reported, never fatal.
    """
    problems: list[DiscoveryProblem] = []
    root = root.absolute()
    if root.is_file():
        return [Discovered(str(root), root.name)], problems
    user_spec = _spec(excludes) if excludes else None
    found: list[Discovered] = []
    seen_dirs = _ancestor_keys(root)
    # Stack of (directory, relpath prefix, gitignore specs that apply with their base).
    stack: list[tuple[Path, str, list[tuple[str, pathspec.PathSpec]]]] = [(root, "", [])]
    while stack:
        directory, rel, ignores = stack.pop()
        entries = _enter(directory, rel, seen_dirs, problems)
        if entries is None:
            continue
        if use_gitignore:
            ignores = _with_gitignore(directory, rel, ignores)
        subdirs = []
        for entry in entries:
            kind, entry_rel = _classify(entry, rel, problems)
            if kind is None:
                continue
            check = entry_rel + "/" if kind == "dir" else entry_rel
            if _excluded(kind, entry_rel, user_spec) or _ignored(check, ignores):
                continue
            if kind == "dir":
                subdirs.append((Path(entry.path), entry_rel, ignores))
            else:
                found.append(Discovered(entry.path, entry_rel))
        stack.extend(reversed(subdirs))
    found.sort(key=lambda d: d.relpath)
    return found, problems


def _excluded(kind: str, entry_rel: str, user_spec: pathspec.PathSpec | None) -> bool:
    """As `GitIgnoreSpec([*DEFAULT_EXCLUDES, *excludes]).match_file(...)` for an entry
    whose folders were all kept: the user's patterns come last, so when one matches it
    decides (a `!build/` brings build/ back); otherwise the defaults decide."""
    if user_spec is not None:
        decided = user_spec.check_file(entry_rel + "/" if kind == "dir" else entry_rel).include
        if decided is not None:
            return decided
    return kind == "dir" and _DEFAULT_DIRS.match(entry_rel.rpartition("/")[2]) is not None


def _ancestor_keys(root: Path) -> set[tuple[int, int]]:
    """(device, inode) of every ancestor of `root`. A link to one of them is a loop (the
    ancestor contains the link): counting them as visited keeps the walk from auditing the
    parent tree under the link."""
    keys: set[tuple[int, int]] = set()
    for ancestor in root.resolve().parents:
        try:
            st = ancestor.stat()
        except OSError:
            continue
        keys.add((st.st_dev, st.st_ino))
    return keys


def _enter(
    directory: Path, rel: str, seen_dirs: set[tuple[int, int]], problems: list[DiscoveryProblem]
) -> list[os.DirEntry[str]] | None:
    """The directory's entries sorted by name; None (and a problem) for a loop or an error."""
    try:
        st = directory.stat()
    except OSError as exc:
        problems.append(DiscoveryProblem(rel or ".", "read-error", _os_reason(exc)))
        return None
    key = (st.st_dev, st.st_ino)
    if key in seen_dirs:
        problems.append(DiscoveryProblem(rel, "skipped", "symlink loop: directory already visited"))
        return None
    seen_dirs.add(key)
    try:
        return sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        problems.append(DiscoveryProblem(rel or ".", "read-error", _os_reason(exc)))
        return None


def _with_gitignore(
    directory: Path, rel: str, ignores: list[tuple[str, pathspec.PathSpec]]
) -> list[tuple[str, pathspec.PathSpec]]:
    gi = directory / ".gitignore"
    try:
        if gi.is_file():
            lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
            return [*ignores, (rel, _spec(lines))]
    except OSError:
        pass
    return ignores


def _classify(entry: os.DirEntry[str], rel: str, problems: list[DiscoveryProblem]) -> tuple[str | None, str]:
    """("dir" | "file" | None, relpath) of an entry, following links; a dangling or
    looping link to a .py name is reported."""
    name = entry.name
    shown = name if _printable(name) else name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    entry_rel = f"{rel}/{shown}" if rel else shown
    try:
        if entry.is_dir(follow_symlinks=True):
            return "dir", entry_rel
        if entry.is_file(follow_symlinks=True):
            return "file", entry_rel
    except OSError as exc:
        problems.append(DiscoveryProblem(entry_rel, "read-error", _os_reason(exc)))
        return None, entry_rel
    if entry.is_symlink() and name.endswith(".py"):
        problems.append(DiscoveryProblem(entry_rel, "read-error", "dangling symbolic link"))
    return None, entry_rel


def _printable(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _ignored(check: str, ignores: list[tuple[str, pathspec.PathSpec]]) -> bool:
    """Git's rule: the last matching pattern decides, and a deeper .gitignore comes later,
    so its `!pattern` re-includes what a parent's .gitignore excluded."""
    ignored = False
    for base, spec in ignores:  # outermost first
        if base:
            if not check.startswith(base + "/"):
                continue
            sub = check[len(base) + 1:]
        else:
            sub = check
        include = spec.check_file(sub).include
        if include is not None:
            ignored = include
    return ignored


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
