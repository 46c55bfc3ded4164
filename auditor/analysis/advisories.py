"""Known vulnerabilities, offline: OSV advisories for PyPI packages.

Sources: a folder of OSV files (YAML or JSON, searched recursively), an OSV zip export
(e.g. PyPI's `all.zip`), one OSV file, or the local store (SQLite in the user's cache
directory) that `audit advisories import PATH` / `audit advisories update` fill. Loading
is by package name: only the advisories of the packages a project pins are parsed.
The audit never touches the network; only `update_store` downloads.

Matching follows the OSV schema: ECOSYSTEM ranges (`introduced` / `fixed` /
`last_affected` events ordered by PEP 440 version) and explicit `versions` lists; withdrawn
advisories and other ecosystems are skipped.
"""

from __future__ import annotations

import io
import json
import math
import re
import sqlite3
import time
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from auditor.cache import user_cache_dir
from auditor.model import Severity

OSV_PYPI_URL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"
SUFFIXES = (".json", ".yaml", ".yml")
MAX_FILE = 16 * 1024 * 1024


class AdvisoryError(Exception):
    """An advisory source that cannot be used (missing, not OSV, unreadable store)."""


@dataclass(frozen=True)
class Affected:
    """One `affected` entry of an advisory, for one PyPI package."""

    name: str  # canonical
    # ECOSYSTEM ranges, each a tuple of events in version order: (version, order, kind)
    # with kind introduced / fixed / last_affected (unparseable versions dropped).
    ranges: tuple[tuple[tuple[Version, int, str], ...], ...]
    versions: frozenset[str]  # PEP 440 normal forms


@dataclass(frozen=True)
class Advisory:
    id: str
    aliases: tuple[str, ...]
    summary: str
    affected: tuple[Affected, ...]
    severity: Severity | None  # from the CVSS v3 vector or the database's rating
    score: float | None  # CVSS v3 base score
    url: str  # the advisory page, for the report
    modified: str = ""

    def cves(self) -> tuple[str, ...]:
        return tuple(a for a in self.aliases if a.startswith("CVE-"))


@dataclass(frozen=True)
class Match:
    advisory: Advisory
    fixed: str | None  # lowest fixed version above the pinned one, None when none is known
    last_affected: str | None = None


@dataclass
class AdvisoryDB:
    """Advisories by canonical package name."""

    by_name: dict[str, list[Advisory]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message) skipped

    def add(self, advisory: Advisory) -> None:
        for name in sorted({a.name for a in advisory.affected}):
            bucket = self.by_name.setdefault(name, [])
            if all(a.id != advisory.id for a in bucket):
                bucket.append(advisory)

    def merge(self, other: AdvisoryDB) -> None:
        for advisories in other.by_name.values():
            for adv in advisories:
                self.add(adv)
        self.sources.extend(other.sources)
        self.problems.extend(other.problems)

    def __len__(self) -> int:
        return len({a.id for v in self.by_name.values() for a in v})

    def match(self, name: str, version: str) -> list[Match]:
        """Advisories affecting `name` at `version`, by id."""
        try:
            parsed = Version(version)
        except InvalidVersion:
            return []
        name = canonicalize_name(name)
        out = []
        for adv in self.by_name.get(name, []):
            found = affects(adv, name, parsed, version)
            if found is not None:
                out.append(found)
        return sorted(out, key=lambda m: m.advisory.id)


# ------------------------------------------------------------------ matching


@lru_cache(maxsize=65536)
def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


_ZERO = Version("0")


def affects(adv: Advisory, name: str, version: Version, raw: str) -> Match | None:
    """A Match if `adv` affects `name` at `version`, else None."""
    hit = False
    fixes: list[Version] = []
    last: list[Version] = []
    for entry in adv.affected:
        if entry.name != name:
            continue
        if raw in entry.versions or str(version) in entry.versions:
            hit = True
        for events in entry.ranges:
            inside, fixed, last_affected = _in_range(version, events)
            hit = hit or inside
            fixes.extend(v for v in fixed if v > version)
            last.extend(v for v in last_affected if v >= version)
    if not hit:
        return None
    return Match(adv, str(min(fixes)) if fixes else None, str(min(last)) if last and not fixes else None)


def _events(raw: list[tuple[str, str]]) -> tuple[tuple[Version, int, str], ...]:
    """OSV events of one range, parsed and in version order."""
    ordered: list[tuple[Version, int, str]] = []
    for kind, text in raw:
        v = _ZERO if kind == "introduced" and text == "0" else _version(text)
        if v is not None:
            ordered.append((v, 0 if kind == "introduced" else 1, kind))
    return tuple(sorted(ordered))


def _in_range(version: Version, ordered: tuple[tuple[Version, int, str], ...]) -> tuple[bool, list[Version], list[Version]]:
    """OSV's evaluation of one ECOSYSTEM range: walk the events in version order."""
    affected = False
    for v, _, kind in ordered:
        if kind == "introduced" and version >= v:
            affected = True
        elif kind == "fixed" and version >= v:
            affected = False
        elif kind == "last_affected" and version > v:
            affected = False
    fixed = [v for v, _, kind in ordered if kind == "fixed"]
    last = [v for v, _, kind in ordered if kind == "last_affected"]
    return affected, fixed, last


# ------------------------------------------------------------------ OSV documents


def parse_osv(data: Any) -> Advisory | None:
    """An Advisory for the PyPI packages of one OSV document; None when it is not an
    advisory, is withdrawn, or names no PyPI package."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    if data.get("withdrawn"):
        return None
    affected = []
    for entry in data.get("affected") or ():
        item = _affected(entry)
        if item is not None:
            affected.append(item)
    if not affected:
        return None
    score, severity = _severity(data)
    return Advisory(
        id=data["id"],
        aliases=tuple(sorted(a for a in data.get("aliases") or () if isinstance(a, str))),
        summary=_summary(data),
        affected=tuple(affected),
        severity=severity,
        score=score,
        url=_url(data),
        modified=str(data.get("modified") or ""),
    )


def _affected(entry: Any) -> Affected | None:
    if not isinstance(entry, dict):
        return None
    package = entry.get("package") or {}
    if not isinstance(package, dict) or package.get("ecosystem") != "PyPI" or not isinstance(package.get("name"), str):
        return None
    ranges = [events for r in entry.get("ranges") or () if (events := _range_events(r))]
    versions = frozenset(_normal(str(v)) for v in entry.get("versions") or () if isinstance(v, (str, int, float)))
    if not ranges and not versions:
        return None
    return Affected(canonicalize_name(package["name"]), tuple(ranges), versions)


def _range_events(r: Any) -> tuple[tuple[Version, int, str], ...]:
    """The events of an ECOSYSTEM range (empty for other range types: GIT, SEMVER)."""
    if not isinstance(r, dict) or r.get("type") != "ECOSYSTEM":
        return ()
    raw = [
        (kind, str(value))
        for ev in r.get("events") or ()
        if isinstance(ev, dict)
        for kind, value in ev.items()
        if kind in ("introduced", "fixed", "last_affected")
    ]
    return _events(raw)


_ABOUT_PACKAGE = re.compile(r"^[\w.-]+(?: [\w.-]+){0,2} (?:is|are|provides) (?:an?|the) ")


def _normal(text: str) -> str:
    """A listed version in PEP 440's normal form (`0.12.01` -> `0.12.1`), to compare by."""
    parsed = _version(text)
    return str(parsed) if parsed is not None else text


def _summary(data: dict[str, Any]) -> str:
    text = data.get("summary") or data.get("details") or ""
    text = " ".join(str(text).split())
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    first = sentences[0]
    if len(sentences) > 1 and _ABOUT_PACKAGE.match(first):  # "Werkzeug is a WSGI library." says nothing
        first = sentences[1]
    return first if len(first) <= 160 else first[:157].rstrip() + "..."


def _url(data: dict[str, Any]) -> str:
    refs = [r for r in data.get("references") or () if isinstance(r, dict) and isinstance(r.get("url"), str)]
    for kind in ("ADVISORY", "WEB", "REPORT"):
        for ref in refs:
            if ref.get("type") == kind:
                return str(ref["url"])
    return f"https://osv.dev/vulnerability/{data['id']}"


_RATINGS = {"CRITICAL": Severity.CRITICAL, "HIGH": Severity.HIGH, "MODERATE": Severity.MEDIUM, "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW}


def _severity(data: dict[str, Any]) -> tuple[float | None, Severity | None]:
    for item in data.get("severity") or ():
        if isinstance(item, dict) and item.get("type") == "CVSS_V3":
            score = cvss3_base_score(str(item.get("score", "")))
            if score is not None:
                return score, severity_of_score(score)
    for holder in [data, *(e for e in data.get("affected") or () if isinstance(e, dict))]:
        for key in ("database_specific", "ecosystem_specific"):
            rating = (holder.get(key) or {}).get("severity") if isinstance(holder.get(key), dict) else None
            if isinstance(rating, str) and rating.upper() in _RATINGS:
                return None, _RATINGS[rating.upper()]
    return None, None


# ------------------------------------------------------------------ CVSS v3


_CVSS_WEIGHTS = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
_PR = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}


def _roundup(value: float) -> float:
    """CVSS v3.1's Roundup: the smallest number with one decimal >= value, free of
    floating-point error."""
    as_int = round(value * 100000)
    if as_int % 10000 == 0:
        return as_int / 100000.0
    return (math.floor(as_int / 10000) + 1) / 10.0


def cvss3_base_score(vector: str) -> float | None:
    """The CVSS v3.0/v3.1 base score of a vector string; None if it is not one."""
    parts = vector.strip().split("/")
    if not parts or not parts[0].startswith("CVSS:3"):
        return None
    metrics = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
    try:
        scope = metrics["S"]
        av, ac, ui = (_CVSS_WEIGHTS[k][metrics[k]] for k in ("AV", "AC", "UI"))
        pr = _PR[scope][metrics["PR"]]
        c, i, a = (_CVSS_WEIGHTS[k][metrics[k]] for k in ("C", "I", "A"))
    except KeyError:
        return None
    iss = 1 - (1 - c) * (1 - i) * (1 - a)
    if scope == "U":
        impact = 6.42 * iss
    else:
        impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    exploitability = 8.22 * av * ac * pr * ui
    if impact <= 0:
        return 0.0
    if scope == "U":
        return _roundup(min(impact + exploitability, 10))
    return _roundup(min(1.08 * (impact + exploitability), 10))


def severity_of_score(score: float) -> Severity:
    """CVSS v3 qualitative rating (0 is `info`)."""
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    if score > 0:
        return Severity.LOW
    return Severity.INFO


# ------------------------------------------------------------------ reading sources


def _name_filter(names: Iterable[str] | None) -> re.Pattern[bytes] | None:
    """A cheap byte-level pre-filter: a document can only matter if it mentions one of
    the names (any case, any of `-_.` between the parts)."""
    if names is None:
        return None
    alternatives = sorted({
        rb"[-_.]+".join(re.escape(part.encode()) for part in canonicalize_name(n).split("-")) for n in names
    })
    if not alternatives:
        return re.compile(rb"(?!x)x")
    return re.compile(rb'["\'\s:](?:' + b"|".join(alternatives) + rb')["\'\s,]', re.IGNORECASE)


def _decode(raw: bytes, where: str) -> Any:
    """One OSV document from JSON or YAML bytes."""
    if where.endswith(".json"):
        return json.loads(raw)
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw, Loader=loader)  # audit: ignore[B506] - CSafeLoader/SafeLoader, never the full loader


def _documents(path: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every OSV file under `path` (folder, zip or single file)."""
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if file.suffix in SUFFIXES and file.is_file():
                try:
                    if file.stat().st_size <= MAX_FILE:
                        yield str(file.relative_to(path)), file.read_bytes()
                except OSError:
                    continue
        return
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(SUFFIXES) and not info.is_dir() and info.file_size <= MAX_FILE:
                        yield info.filename, archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise AdvisoryError(f"{path}: broken zip archive: {exc}") from None
        return
    if path.suffix in SUFFIXES:
        yield path.name, path.read_bytes()
        return
    raise AdvisoryError(f"{path}: not a folder, zip archive or OSV file (.json, .yaml)")


def load_path(path: str | Path, names: Iterable[str] | None = None) -> AdvisoryDB:
    """The advisories under `path` (for `names` only, when given). A missing path, or a
    source with no OSV document at all, is an AdvisoryError; single broken documents are
    skipped and listed in `problems`."""
    path = Path(path)
    if not path.exists():
        raise AdvisoryError(f"{path}: no such file or directory")
    wanted = _name_filter(names)
    db = AdvisoryDB(sources=[str(path)])
    seen = 0
    try:
        for where, raw in _documents(path):
            seen += 1
            if wanted is not None and not wanted.search(raw):
                continue
            try:
                advisory = parse_osv(_decode(raw, where))
            except Exception as exc:  # broken YAML/JSON of one file: skip it, say so
                db.problems.append((where, f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"))
                continue
            if advisory is not None:
                db.add(advisory)
    except PermissionError as exc:
        raise AdvisoryError(f"{path}: cannot read: {exc.strerror}") from None
    if seen == 0:
        raise AdvisoryError(f"{path}: no OSV advisory files (.json, .yaml) found")
    return db


# ------------------------------------------------------------------ the local store


def store_path() -> Path:
    return user_cache_dir() / "advisories.sqlite3"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS advisory (id TEXT PRIMARY KEY, modified TEXT NOT NULL, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS affected (name TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (name, id));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class ImportSummary:
    read: int  # OSV documents read
    stored: int  # PyPI advisories added or updated
    withdrawn: int  # withdrawn ones removed or not added
    skipped: int  # broken documents
    total: int  # advisories in the store afterwards
    store: str


def import_into_store(source: str | Path, store: Path | None = None) -> ImportSummary:
    """Add the advisories of `source` (folder, zip, file) to the local store; a newer
    `modified` replaces an older copy, a withdrawn advisory is removed."""
    source = Path(source)
    if not source.exists():
        raise AdvisoryError(f"{source}: no such file or directory")
    store = store or store_path()
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(store)
    except (OSError, sqlite3.Error) as exc:
        raise AdvisoryError(f"cannot open the advisory store {store}: {exc}") from None
    read = stored = withdrawn = skipped = 0
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a cache: rebuilt by importing again
        with conn:
            conn.executescript(_SCHEMA)
            for where, raw in _documents(source):
                read += 1
                try:
                    data = _decode(raw, where)
                except Exception:  # one broken document does not spoil the import
                    skipped += 1
                    continue
                outcome = _store_one(conn, data)
                stored += outcome == "stored"
                withdrawn += outcome == "withdrawn"
            if read == 0:
                raise AdvisoryError(f"{source}: no OSV advisory files (.json, .yaml) found")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (str(source),))
        total = conn.execute("SELECT COUNT(*) FROM advisory").fetchone()[0]
    except sqlite3.Error as exc:
        raise AdvisoryError(f"advisory store {store}: {exc}") from None
    finally:
        conn.close()
    return ImportSummary(read, stored, withdrawn, skipped, total, str(store))


def _store_one(conn: sqlite3.Connection, data: Any) -> str:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return "ignored"
    ident = data["id"]
    if data.get("withdrawn"):
        conn.execute("DELETE FROM advisory WHERE id = ?", (ident,))
        conn.execute("DELETE FROM affected WHERE id = ?", (ident,))
        return "withdrawn"
    advisory = parse_osv(data)
    if advisory is None:
        return "ignored"
    modified = str(data.get("modified") or "")
    row = conn.execute("SELECT modified FROM advisory WHERE id = ?", (ident,)).fetchone()
    if row is not None and row[0] > modified:
        return "ignored"
    conn.execute("INSERT OR REPLACE INTO advisory VALUES (?, ?, ?)", (ident, modified, json.dumps(data, sort_keys=True, default=str)))
    conn.execute("DELETE FROM affected WHERE id = ?", (ident,))
    conn.executemany("INSERT OR IGNORE INTO affected VALUES (?, ?)", [(n, ident) for n in {a.name for a in advisory.affected}])
    return "stored"


def load_store(names: Iterable[str], store: Path | None = None) -> AdvisoryDB | None:
    """The stored advisories of `names`; None when there is no store."""
    store = store or store_path()
    if not store.is_file():
        return None
    wanted = sorted({canonicalize_name(n) for n in names})
    db = AdvisoryDB(sources=[str(store)])
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT DISTINCT a.document FROM advisory a JOIN affected f ON f.id = a.id WHERE f.name IN ({marks})",
                    chunk,
                ).fetchall()
                for (document,) in rows:
                    advisory = parse_osv(json.loads(document))
                    if advisory is not None:
                        db.add(advisory)
        finally:
            conn.close()
    except (sqlite3.Error, json.JSONDecodeError) as exc:
        raise AdvisoryError(f"advisory store {store} is unreadable ({exc}); run `audit advisories import` again") from None
    return db


def store_info(store: Path | None = None) -> dict[str, Any] | None:
    store = store or store_path()
    if not store.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            count = conn.execute("SELECT COUNT(*) FROM advisory").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise AdvisoryError(f"advisory store {store} is unreadable ({exc})") from None
    return {"store": str(store), "advisories": count, **meta}


def update_store(url: str = OSV_PYPI_URL, store: Path | None = None, timeout: float = 60.0) -> ImportSummary:
    """Download the OSV export at `url` and import it. Any network failure is one
    AdvisoryError; the store is left as it was."""
    import tempfile
    import urllib.error
    import urllib.request

    store = store or store_path()
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AdvisoryError(f"cannot create {store.parent}: {exc.strerror}") from None
    if not url.startswith(("https://", "http://")):
        raise AdvisoryError(f"{url}: only http(s) URLs can be downloaded")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # audit: ignore[B310] - http(s) checked above
            payload = response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise AdvisoryError(f"cannot download {url}: {reason} (the audit itself works offline; "
                            "`audit advisories import PATH` reads a copy you fetched)") from None
    if not zipfile.is_zipfile(io.BytesIO(payload)):
        raise AdvisoryError(f"{url}: the download is not a zip archive")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "osv.zip"
        archive.write_bytes(payload)
        return import_into_store(archive, store)


__all__ = [
    "OSV_PYPI_URL",
    "Advisory",
    "AdvisoryDB",
    "AdvisoryError",
    "Match",
    "affects",
    "cvss3_base_score",
    "import_into_store",
    "load_path",
    "load_store",
    "parse_osv",
    "severity_of_score",
    "store_info",
    "store_path",
    "update_store",
]
