"""The per-file result cache: a file whose bytes, name and analysis plan are unchanged
is not analysed again (STYLE.md: "per file ... results cached by content hash").

One SQLite file, `<audited root>/.audit_cache/results.sqlite3` by default, holds a
pickled `FileResult` per (plan fingerprint, relpath). A result is reused only when the
file's sha256, its module name and the fingerprint all match. The fingerprint covers
the tool version, the interpreter and analyzer library versions, the source bytes of
every module of the tool and its rules (so editing a rule invalidates the cache during
development) and the Plan: selected rules, options, severity overrides, per-file
ignores, collectors. Project-level steps rerun from the cached per-module facts, unless
nothing the whole audit depends on changed (auditor.inputs): then the previous run's
whole result is reused (the `audits` table).

Safety: SQLite transactions (a crash mid-write leaves the previous state), WAL mode and
a busy timeout (concurrent runs), and any sqlite error disables the cache for the run
instead of failing the audit. A file that is not a database, or a value that does not
unpickle to a FileResult, is discarded with one warning, never trusted.

Trust: values are pickles, which run code when loaded. They are our own data in a
directory we create with 0700 permissions; a cache file not owned by the current user
is ignored, so another account cannot plant one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from auditor.model import ErrorKind, RuleDoc

if TYPE_CHECKING:
    from auditor.plan import FileResult, FileTask, Plan

CACHE_DIRNAME = ".audit_cache"
DB_NAME = "results.sqlite3"
SCHEMA_VERSION = 1
KEEP_PLANS = 4  # results of this many most recently used fingerprints are kept
LIBRARIES = ("libcst", "bandit", "radon", "pathspec")  # their versions change results

NOT_REUSED = frozenset({ErrorKind.INTERNAL, ErrorKind.RULE_CRASH})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    fingerprint TEXT NOT NULL, relpath TEXT NOT NULL, digest TEXT NOT NULL,
    module TEXT NOT NULL, is_package INTEGER NOT NULL, value BLOB NOT NULL,
    PRIMARY KEY (fingerprint, relpath)
);
CREATE TABLE IF NOT EXISTS plans (fingerprint TEXT PRIMARY KEY, used REAL NOT NULL);
CREATE TABLE IF NOT EXISTS audits (key TEXT PRIMARY KEY, used REAL NOT NULL, value BLOB NOT NULL);
"""
KEEP_AUDITS = 2  # whole-audit results kept (each is the size of a JSON report)


@dataclass(frozen=True)
class CacheOptions:
    """How the caller wants the cache: where (None: `<root>/.audit_cache`), and where its
    warnings (a corrupt file; one line each) and notes (why it is off; for --verbose) go."""

    directory: Path | None = None
    warn: Callable[[str], None] | None = None
    note: Callable[[str], None] | None = None


class _Corrupt(Exception):
    """The cache file is not a usable database, or holds a value we did not write."""


def file_digest(path: str, max_bytes: int) -> str:
    """sha256 of the file's bytes; "" when it cannot be read or is over the size limit
    (the engine reports those without reading them, and they are not cached)."""
    try:
        if os.path.getsize(path) > max_bytes:
            return ""
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return ""


@lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 over the source of every module of the tool and its rules; once per process
    (a few hundred small files: milliseconds)."""
    import importlib.util

    import auditor

    roots = list(auditor.__path__)
    spec = importlib.util.find_spec("auditor.rules")
    if spec is not None and spec.submodule_search_locations:
        roots += [r for r in spec.submodule_search_locations if r not in roots]
    h = hashlib.sha256()
    for root in sorted(roots):
        for path in _python_files(root):
            h.update(os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def _python_files(root: str) -> list[str]:
    out: list[str] = []
    for base, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        out.extend(os.path.join(base, f) for f in files if f.endswith(".py"))
    return sorted(out)


def _library_versions() -> str:
    from importlib import metadata

    out = []
    for name in LIBRARIES:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=?")
    return ",".join(out)


def plan_fingerprint(plan: Plan) -> str:
    """What, besides a file's bytes and name, decides its FileResult."""
    from auditor import __version__

    parts = (
        f"schema={SCHEMA_VERSION}",
        f"auditor={__version__}",
        f"python={sys.version}",
        _library_versions(),
        f"code={code_hash()}",
        repr(plan),  # frozen dataclass of tuples, strings and enums: a stable repr
    )
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def open_cache(options: CacheOptions, root: Path, plan: Plan) -> FileCache | None:
    """The cache for this run, or None when it cannot be used (read-only root, a file
    owned by someone else, sqlite errors). Never raises."""
    directory = options.directory if options.directory is not None else root / CACHE_DIRNAME
    note = options.note or (lambda _message: None)
    try:
        _prepare_dir(directory)
    except OSError as exc:
        note(f"cache off: cannot create {directory}: {exc.strerror or exc}")
        return None
    path = directory / DB_NAME
    if not owned_by_us(path):
        note(f"cache off: {path} is not owned by the current user")
        return None
    try:
        fingerprint = plan_fingerprint(plan)
    except (OSError, ImportError) as exc:  # an unreadable module of our own: run without
        note(f"cache off: cannot fingerprint the rules: {exc}")
        return None
    return FileCache.connect(path, fingerprint, options)


def _prepare_dir(directory: Path) -> None:
    """Create the cache directory (0700) with a `.gitignore` that ignores all of it."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        tmp = directory / f".gitignore.{os.getpid()}.tmp"
        tmp.write_text("# created by auditor: the per-file result cache\n*\n", encoding="utf-8")
        os.replace(tmp, ignore)


def owned_by_us(path: Path) -> bool:
    """True unless `path` exists and another user owns it (always True without uids)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        return path.stat().st_uid == os.getuid()
    except FileNotFoundError:
        return True  # we are about to create it
    except OSError:
        return False


def is_corruption(exc: sqlite3.Error) -> bool:
    """Does the error say the file is not (or no longer) an SQLite database?"""
    name = getattr(exc, "sqlite_errorname", "")
    if name:
        return name in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
    text = str(exc)
    return "not a database" in text or "malformed" in text


class FileCache:
    """An open cache for one run and one plan. Every method swallows sqlite errors: a
    broken cache costs speed, never the audit."""

    def __init__(self, path: Path, fingerprint: str, options: CacheOptions, con: sqlite3.Connection) -> None:
        self.path, self.fingerprint, self.options = path, fingerprint, options
        self.con: sqlite3.Connection | None = con

    @classmethod
    def connect(cls, path: Path, fingerprint: str, options: CacheOptions) -> FileCache | None:
        for attempt in (1, 2):
            try:
                return cls(path, fingerprint, options, _connect(path))
            except sqlite3.Error as exc:
                if not is_corruption(exc) or attempt == 2:
                    _say(options.note, f"cache off: {path}: {exc}")
                    return None
                _say(options.warn, f"cache file {path} is corrupt ({exc}); discarded")
                _discard(path)
        return None

    def lookup(
        self, tasks: list[FileTask], digests: dict[str, str], kind: type[FileResult]
    ) -> tuple[dict[str, FileResult], list[FileTask]]:
        """Cached results by relpath, and the tasks still to run (`digests`: relpath ->
        sha256, see `file_digest`). A value that is not a `kind` (the engine's
        FileResult) for the same file is corrupt."""
        hits: dict[str, FileResult] = {}
        todo: list[FileTask] = []
        if self.con is None:
            return hits, list(tasks)
        try:
            for task in tasks:
                found = self._get(task, digests.get(task.relpath, ""), kind)
                if found is None:
                    todo.append(task)
                else:
                    hits[task.relpath] = found
        except (sqlite3.Error, _Corrupt) as exc:
            self._broken(exc)
            return {}, list(tasks)
        return hits, todo

    def _get(self, task: FileTask, digest: str, kind: type) -> Any:
        if not digest or self.con is None:
            return None
        row = self.con.execute(
            "SELECT digest, module, is_package, value FROM results WHERE fingerprint = ? AND relpath = ?",
            (self.fingerprint, task.relpath),
        ).fetchone()
        if row is None or (row[0], row[1], bool(row[2])) != (digest, task.module, task.is_package):
            return None
        try:
            value = pickle.loads(row[3])  # audit: ignore[B301] - our file, in our 0700 folder (see above)
        except Exception as exc:  # noqa: BLE001 - any failure means the value is not ours
            raise _Corrupt(f"unreadable entry for {task.relpath}: {type(exc).__name__}") from None
        if not isinstance(value, kind) or value.relpath != task.relpath:
            raise _Corrupt(f"unexpected entry for {task.relpath}")
        return value

    def store(self, tasks: Iterable[FileTask], results: Iterable[FileResult]) -> None:
        """Keep the fresh results (one transaction); prune the results of old plans."""
        if self.con is None:
            return
        rows = []
        for task, result in zip(tasks, results):
            value = _storable(result)
            if value is not None:
                rows.append((self.fingerprint, task.relpath, result.digest, task.module, int(task.is_package), value))
        try:
            with self.con:  # BEGIN ... COMMIT, or ROLLBACK on an error
                self.con.execute("INSERT OR REPLACE INTO plans VALUES (?, ?)", (self.fingerprint, time.time()))
                self.con.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)", rows)
                self.con.execute(
                    "DELETE FROM plans WHERE fingerprint NOT IN "
                    "(SELECT fingerprint FROM plans ORDER BY used DESC LIMIT ?)",
                    (KEEP_PLANS,),
                )
                self.con.execute("DELETE FROM results WHERE fingerprint NOT IN (SELECT fingerprint FROM plans)")
        except sqlite3.Error as exc:
            self._broken(exc)

    def audit_key(self, inputs: Iterable[str]) -> str:
        """The whole-audit key: this plan's fingerprint and every input line
        (auditor.inputs)."""
        h = hashlib.sha256(self.fingerprint.encode("ascii"))
        for line in inputs:
            h.update(line.encode("utf-8", "surrogateescape") + b"\n")
        return h.hexdigest()

    def get_audit(self, key: str, kind: type) -> Any:
        """The stored whole-audit result (a `kind`, the model's AuditResult) for `key`, or None."""
        if self.con is None:
            return None
        try:
            row = self.con.execute("SELECT value FROM audits WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            try:
                value = pickle.loads(row[0])  # audit: ignore[B301] - our file, in our 0700 folder (see above)
            except Exception as exc:  # noqa: BLE001 - any failure means the value is not ours
                raise _Corrupt(f"unreadable audit entry: {type(exc).__name__}") from None
            if not isinstance(value, kind):
                raise _Corrupt("unexpected audit entry")
            with self.con:
                self.con.execute("UPDATE audits SET used = ? WHERE key = ?", (time.time(), key))
            return value
        except (sqlite3.Error, _Corrupt) as exc:
            self._broken(exc)
            return None

    def put_audit(self, key: str, result: Any) -> None:
        """Keep a whole-audit result (without its timings); only the newest few stay."""
        if self.con is None:
            return
        try:
            value = pickle.dumps(replace(result, timings={}, duration=0.0), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - unpicklable section data: just not kept
            return
        try:
            with self.con:
                self.con.execute("INSERT OR REPLACE INTO audits VALUES (?, ?, ?)", (key, time.time(), value))
                self.con.execute(
                    "DELETE FROM audits WHERE key NOT IN (SELECT key FROM audits ORDER BY used DESC LIMIT ?)",
                    (KEEP_AUDITS,),
                )
        except sqlite3.Error as exc:
            self._broken(exc)

    def close(self) -> None:
        if self.con is not None:
            try:
                self.con.close()
            except sqlite3.Error:
                pass

    def _broken(self, exc: Exception) -> None:
        self.close()
        self.con = None
        if isinstance(exc, _Corrupt) or (isinstance(exc, sqlite3.Error) and is_corruption(exc)):
            _say(self.options.warn, f"cache file {self.path} is corrupt ({exc}); discarded")
            _discard(self.path)
            try:  # start afresh, so that this run's results are kept
                self.con = _connect(self.path)
            except sqlite3.Error:
                self.con = None
        else:  # locked for too long, disk full: this run goes without
            _say(self.options.note, f"cache not used: {self.path}: {exc}")


def reusable(result: FileResult) -> bool:
    """Does the result depend only on the file and the plan? Not when the run decided it
    (over a time or memory budget, a dead worker) or a bug of ours showed on the file."""
    return not result.transient and not any(e.kind in NOT_REUSED for e in result.errors)


def _storable(result: FileResult) -> bytes | None:
    """The pickled result, without its timings (a cached result cost nothing this run),
    or None for what must not be reused: no digest (unread file) or an internal error or
    crash, which may not happen next time."""
    if not reusable(result) or not result.digest:
        return None
    try:
        return pickle.dumps(replace(result, timings=()), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a collector's unpicklable facts: just not cached
        return None


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    try:
        con.execute("PRAGMA busy_timeout = 30000")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.executescript(_SCHEMA)
        con.execute("SELECT count(*) FROM plans").fetchone()
    except sqlite3.Error:
        con.close()
        raise
    con.isolation_level = "DEFERRED"  # `with con:` opens and commits a transaction
    return con


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass


def _say(channel: Callable[[str], None] | None, message: str) -> None:
    if channel is not None:
        channel(message)


# ------------------------------------------------------------------ rule docs, per user


def user_cache_dir() -> Path:
    """`$AUDITOR_CACHE_DIR`, else the user's cache directory (XDG on Linux): rule docs
    here, and the advisory store (auditor.analysis.advisories)."""
    override = os.environ.get("AUDITOR_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "auditor" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "auditor"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "auditor"


def cached_rule_docs(compute: Callable[[], dict[str, RuleDoc]]) -> dict[str, RuleDoc]:
    """Every rule's RuleDoc, from `<user cache>/rule-docs-<key>.pickle` when this very code
    (same code hash, bandit and its plugins) wrote it; else `compute()` (which imports
    every rule, libcst's matchers and bandit: seconds) and saved. `audit rules` and
    `audit explain` then start in a fraction of a second. Any problem: just compute."""
    return cached_for_code(
        "rule-docs", compute, lambda docs: isinstance(docs, dict) and all(isinstance(d, RuleDoc) for d in docs.values())
    )


def cached_for_code(name: str, compute: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """`compute()`, kept in `<user cache>/<name>-<key>.pickle` for this very code (see
    `cached_rule_docs`); a file that does not unpickle to something `valid` is ignored."""
    try:
        path = user_cache_dir() / f"{name}-{_docs_key()[:32]}.pickle"
    except (OSError, ImportError):
        return compute()
    value = _load_docs(path, valid)
    if value is None:
        value = compute()
        _save_docs(path, value, name)
    return value


def _docs_key() -> str:
    from importlib import metadata

    plugins = sorted(f"{e.name}={e.value}" for e in metadata.entry_points(group="bandit.plugins"))
    parts = (f"auditor={_version()}", f"python={sys.version}", _library_versions(), code_hash(), *plugins)
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _version() -> str:
    from auditor import __version__

    return __version__


def _load_docs(path: Path, valid: Callable[[Any], bool]) -> Any:
    try:
        if not path.is_file() or not owned_by_us(path):  # is_file() raises on EACCES
            return None
        with path.open("rb") as fh:
            value = pickle.load(fh)  # audit: ignore[B301] - our file, owned by this user (see above)
    except Exception:  # noqa: BLE001 - unreadable or not ours: compute afresh
        return None
    return value if valid(value) else None


def _save_docs(path: Path, docs: Any, name: str) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(docs, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink()
    except (OSError, pickle.PicklingError):
        pass
