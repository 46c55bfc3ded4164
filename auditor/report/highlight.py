"""Python source highlighted by Pygments for the HTML report, remembered per user.

Highlighting is the costliest step of the HTML report: Django's 2,000 snippets take
0.45 s, a quarter of a run whose whole result is cached, and the same snippets come back
in every run over the same code. Each highlighted snippet is kept in
`<user cache>/highlight.sqlite3`, keyed by a hash of its text and of how it was
highlighted (Pygments' version, the lexer and formatter options); entries unused for
KEEP_DAYS go. The store is only used when this user owns it (its HTML goes into the
report unescaped), and any problem with it means highlighting afresh: the report is the
same either way.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path
from typing import Sequence

import pygments
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

KEEP_DAYS = 60
_CHUNK = 500  # keys per query (SQLite allows 999 parameters in old builds)
_LEXER = PythonLexer(stripnl=False, ensurenl=False)
_FORMATTER = HtmlFormatter(nowrap=True)
_HOW = f"pygments {pygments.__version__}; python stripnl=False ensurenl=False; html nowrap; rstrip newline"


def highlight(text: str) -> str:
    """`text` as HTML (escaped by Pygments), one line of output per line of input, each
    with its spans closed (Pygments splits multi-line tokens)."""
    if not text:
        return ""
    return pygments.highlight(text, _LEXER, _FORMATTER).rstrip("\n")


def highlight_all(texts: Sequence[str]) -> list[str]:
    """`highlight` of each text, from the per-user store where it has them."""
    keys = [_key(t) for t in texts]
    memo = _Memo.open()
    known = memo.get(set(keys)) if memo is not None else {}
    fresh: dict[str, str] = {}
    for key, text in zip(keys, texts):
        if key not in known and key not in fresh:
            fresh[key] = highlight(text)
    if memo is not None:
        memo.put(fresh)
        memo.close()
    return [known[k] if k in known else fresh[k] for k in keys]


def _key(text: str) -> str:
    return hashlib.sha256(f"{_HOW}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _today() -> int:
    return int(time.time() // 86400)


class _Memo:
    """The store: key -> highlighted HTML, with the day it was last used."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    @classmethod
    def open(cls) -> _Memo | None:
        from auditor.cache import owned_by_us, user_cache_dir

        try:
            directory = user_cache_dir()
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = directory / "highlight.sqlite3"
            if not owned_by_us(path):
                return None
            return cls(_connect(path))
        except (OSError, sqlite3.Error):
            return None

    def get(self, keys: set[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        stale: list[str] = []
        today = _today()
        ordered = sorted(keys)
        try:
            for i in range(0, len(ordered), _CHUNK):
                chunk = ordered[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, html, used FROM snippets WHERE key IN ({marks})"  # nosec B608: only ? marks
                for key, html, used in self.con.execute(query, chunk):
                    found[key] = html
                    if used < today:
                        stale.append(key)
            if stale:  # at most one write a day for a snippet that keeps being shown
                with self.con:
                    self.con.executemany("UPDATE snippets SET used = ? WHERE key = ?", [(today, k) for k in stale])
        except sqlite3.Error:
            pass  # what was read is good; the rest is highlighted afresh
        return found

    def put(self, fresh: dict[str, str]) -> None:
        if not fresh:
            return
        today = _today()
        try:
            with self.con:
                self.con.executemany(
                    "INSERT OR REPLACE INTO snippets (key, html, used) VALUES (?, ?, ?)",
                    [(k, html, today) for k, html in fresh.items()],
                )
                self.con.execute("DELETE FROM snippets WHERE used < ?", (today - KEEP_DAYS,))
        except sqlite3.Error:
            pass  # not remembered: highlighted again next time

    def close(self) -> None:
        self.con.close()


def _connect(path: Path, again: bool = True) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    try:
        con.execute("PRAGMA busy_timeout = 5000")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute(
            "CREATE TABLE IF NOT EXISTS snippets (key TEXT PRIMARY KEY, html TEXT NOT NULL, used INTEGER NOT NULL)"
            " WITHOUT ROWID"
        )
    except sqlite3.Error as exc:
        con.close()
        from auditor.cache import is_corruption

        if again and is_corruption(exc):  # not a database: start again with an empty one
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return _connect(path, again=False)
        raise
    con.isolation_level = "DEFERRED"  # `with con:` opens and commits a transaction
    return con
