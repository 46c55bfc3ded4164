"""The repository's git history, read offline: churn per file, contributors, age.

Used to find hotspots (files that change often and are complex) and to guess the team's
stage. Without git, or outside a repository, there is simply no history: never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auditor.changes import ChangesError, run_git

MAX_COMMITS = 5000  # recent history is what predicts where bugs are; bounds the cost


@dataclass(frozen=True)
class History:
    churn: dict[str, int] = field(default_factory=dict)  # relpath -> commits touching it
    authors: int = 0
    commits: int = 0
    first_commit: int = 0  # unix time
    last_commit: int = 0

    @property
    def age_days(self) -> int:
        return max(0, (self.last_commit - self.first_commit) // 86400)


def read_history(root: Path) -> History | None:
    """History of the files below `root` (paths relative to it); None without git."""
    base = root if root.is_dir() else root.parent
    try:
        out = run_git(
            base,
            "log",
            "--no-merges",
            "--relative",
            f"--max-count={MAX_COMMITS}",
            "--name-only",
            "--format=%x1e%ae%x1f%at",
            "--",
            ".",
        )
    except ChangesError:
        return None
    churn: dict[str, int] = {}
    authors: set[str] = set()
    times: list[int] = []
    for record in out.split("\x1e"):
        if not record.strip():
            continue
        head, _, names = record.partition("\n")
        author, _, stamp = head.partition("\x1f")
        authors.add(author.strip().lower())
        if stamp.strip().isdigit():
            times.append(int(stamp))
        for name in names.splitlines():
            name = name.strip()
            if name:
                churn[name] = churn.get(name, 0) + 1
    if not times:
        return None
    return History(churn, len(authors), len(times), min(times), max(times))


__all__ = ["History", "read_history"]
