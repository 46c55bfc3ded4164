"""Benchmark: offline advisories on the PyPA advisory database snapshot.

    python bench/bench_advisories.py [--snapshot ../shared/data/pypa-advisory-database.tar.gz]

Prints, for the snapshot (2,694 OSV advisories): the time to read the whole folder, to read
only the advisories of a typical set of pinned packages (the name pre-filter), to import
everything into a store (SQLite, in a temporary cache folder) and to load the same
packages back from it, and the time per match. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import tarfile
import tempfile
import time
from pathlib import Path

from auditor.analysis.advisories import import_into_store, load_path, load_store

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "data" / "pypa-advisory-database.tar.gz"
PINS = [
    ("django", "3.2.0"), ("requests", "2.19.0"), ("jinja2", "2.10"), ("urllib3", "1.26.4"), ("flask", "2.2.0"),
    ("werkzeug", "2.3.3"), ("pillow", "9.0.0"), ("pyyaml", "5.3"), ("cryptography", "3.3"), ("sqlalchemy", "1.3.0"),
    ("numpy", "1.21.0"), ("aiohttp", "3.8.0"), ("celery", "5.2.0"), ("paramiko", "2.7.0"), ("lxml", "4.6.0"),
]


def clock(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = fn()
    print(f"{label:58} {time.perf_counter() - started:7.3f}s")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, default=DEFAULT)
    args = parser.parse_args()
    names = [n for n, _ in PINS]
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(args.snapshot) as tar:
            tar.extractall(tmp, filter="data")
        vulns = Path(tmp) / "vulns"
        everything = clock("read the whole folder (YAML)", lambda: load_path(vulns))
        print(f"  {len(everything)} advisories for {len(everything.by_name)} packages")
        some = clock(f"read only {len(names)} pinned packages (name pre-filter)", lambda: load_path(vulns, names))
        print(f"  {len(some)} advisories")
        store = Path(tmp) / "cache" / "advisories.sqlite3"
        summary = clock("import everything into the store", lambda: import_into_store(vulns, store))
        print(f"  {summary.stored} stored, {summary.withdrawn} withdrawn skipped")
        stored = clock(f"load {len(names)} packages from the store", lambda: load_store(names, store))
        assert stored is not None
        rounds = 100
        started = time.perf_counter()
        hits = sum(len(stored.match(n, v)) for _ in range(rounds) for n, v in PINS)
        spent = time.perf_counter() - started
        print(f"{'match ' + str(len(PINS)) + ' pins':58} {spent / rounds:7.3f}s  ({hits // rounds} advisories matched)")


if __name__ == "__main__":
    main()
