"""Benchmark: the per-file result cache on a real tree (issue 9: warm <= 5% of cold).

    python bench/bench_cache.py [django==5.2.8] [--jobs 2] [--format json]

Copies the unpacked sdist (bench/corpus/, git-ignored; downloaded if missing) to a
temporary folder, then runs `audit TREE` three times with a fresh cache directory:
  cold         the cache is empty: every file is analysed and stored,
  warm         nothing changed: every file comes from the cache,
  one changed  one module edited: that file and the project-level steps are redone,
and prints wall and CPU seconds (this process's children: the audit and its workers),
the warm/cold ratios, cache hits/misses and the audit's own phase timings. It also
checks that the warm report is the cold one (apart from `timing`). Figures only.

The audits run a frozen copy of the tool (laid out as the wheel: auditor/, auditor/rules,
auditor/templates) first on PYTHONPATH: the cache's fingerprint covers the tool's own
source, so an edit to the working tree during the benchmark would make every run cold.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audit import fetch  # noqa: E402

CHANGED = "django/db/models/query.py"  # the edited module when the tree has it


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def snapshot(into: Path) -> dict[str, str]:
    """A frozen copy of the tool; the environment that runs it."""
    repo = Path(__file__).resolve().parent.parent
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(repo / "auditor", into / "auditor", ignore=ignore)
    shutil.copytree(repo / "rules", into / "auditor" / "rules", ignore=ignore)
    shutil.copytree(repo / "templates", into / "auditor" / "templates", ignore=ignore)
    return {**os.environ, "PYTHONPATH": str(into)}


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds, the JSON report) of one audit."""
    cpu, wall = cpu_of_children(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall, cpu = time.perf_counter() - wall, cpu_of_children() - cpu
    if proc.returncode not in (0, 1):
        sys.exit(f"audit failed ({proc.returncode}): {proc.stderr[-2000:]}")
    if proc.stderr.strip():
        print(f"    stderr: {proc.stderr.strip()[-500:]}")
    return wall, cpu, json.loads(proc.stdout)


def edit_one(tree: Path) -> str:
    target = tree / CHANGED
    if not target.is_file():
        target = sorted(tree.rglob("*.py"), key=lambda p: p.stat().st_size)[-1]
    with target.open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef _bench_cache_edit():\n    return 1\n")
    return target.relative_to(tree).as_posix()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("specs", nargs="*", default=["django==5.2.8"])
    parser.add_argument("--jobs", "-j", type=int, default=2)
    args = parser.parse_args()
    for spec in args.specs:
        with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
            bench_one(spec, Path(tmp), args.jobs)


def bench_one(spec: str, tmp: Path, jobs: int) -> None:
    source = fetch(spec)
    tree = tmp / source.name
    shutil.copytree(source, tree, symlinks=True)
    cache = tmp / "cache"
    env = snapshot(tmp / "code")
    cmd = [
        sys.executable, "-m", "auditor", str(tree), "-f", "json", "-o", "-", "-q",
        "--fail-on", "never", "-j", str(jobs), "--cache-dir", str(cache),
    ]
    print(f"{spec}: {tree.name}, -j {jobs}")
    figures: dict[str, tuple[float, float, dict]] = {}
    for label in ("cold", "warm", "one changed"):
        if label == "one changed":
            print(f"  edited {edit_one(tree)}")
        figures[label] = run(cmd, env)
        report(label, figures[label], figures["cold"])
    cold, warm = figures["cold"][2], figures["warm"][2]
    same = {k: v for k, v in cold.items() if k != "timing"} == {k: v for k, v in warm.items() if k != "timing"}
    print(f"  warm report identical to cold (apart from timing): {'yes' if same else 'NO'}")
    size = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    print(f"  cache size: {size / 2**20:.1f} MiB")


def report(label: str, figures: tuple[float, float, dict], cold: tuple[float, float, dict]) -> None:
    wall, cpu, data = figures
    timing = data["timing"]
    phases = " ".join(
        f"{k}={timing[k]:.2f}" for k in ("discover", "files", "project", "sections", "prioritize") if k in timing
    )
    print(
        f"  {label:12} wall {wall:7.2f} s ({wall / cold[0]:6.1%})  cpu {cpu:7.2f} s ({cpu / cold[1]:6.1%})  "
        f"hits {timing.get('cache_hits', '-')} misses {timing.get('cache_misses', '-')}  "
        f"files {data['summary']['files_analyzed']}  | {phases}"
    )


if __name__ == "__main__":
    main()
