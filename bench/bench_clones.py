"""Benchmark: clone detection (MNT010) on a real tree, and its share of the whole audit.

    python bench/bench_clones.py [django==5.2.8] [--jobs N] [--full]

Runs `audit TREE --select MNT010 -f json` and prints:
  - the clone collector's CPU seconds over all workers (`cpu_collect_clones`: the
    normalized statement hashes, from the token list the file already has),
  - the project step (`project`: windows, matches, groups; single process),
  - the duplicated share (production code and all files), the number of clone groups
    and the five largest groups with their locations, for a hand check.
With --full, also runs the whole audit (every rule) and prints the clone work's share of
its CPU time. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audit import fetch  # noqa: E402


def run(tree: Path, jobs: int, *extra: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as out:
        target = Path(out, "report.json")
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "auditor", "check", str(tree), "-f", "json", "-o", str(target), "-q",
             "--fail-on", "never", "-j", str(jobs), *extra],
            capture_output=True, text=True,
        )
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-2000:])
        return seconds, json.loads(target.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", default=["django==5.2.8"])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--full", action="store_true", help="also run the whole audit for the share")
    args = parser.parse_args()
    for spec in args.specs:
        tree = fetch(spec)
        wall, report = run(tree, args.jobs, "--select", "MNT010")
        timing, metrics = report["timing"], report["metrics"]
        clones = [f for f in report["findings"] if f["rule"] == "MNT010"]
        collect, project = timing.get("cpu_collect_clones", 0.0), timing.get("project", 0.0)
        files = metrics["files"]
        all_dup = sum(f["duplicated_lines"] for f in files.values())
        all_loc = sum(f["loc"] for f in files.values()) or 1
        print(f"\n{spec}: {report['summary']['files_analyzed']} files, {report['summary']['lines_analyzed']:,} lines")
        cpu = sum(v for k, v in timing.items() if k.startswith("cpu_"))
        print(f"  clone collector  {collect:6.2f} CPU s (all workers; includes the file's one tokenization,")
        print(f"                   which the raw metrics and comment rules share) of {cpu:.1f} CPU s in workers,")
        print(f"                   parsing {timing.get('cpu_parse', 0.0):.1f} CPU s")
        print(f"  clone project    {project:6.2f} s (windows, matches, groups)")
        print(f"  audit wall time  {wall:6.1f} s with --select MNT010")
        print(f"  duplicated lines: production {metrics['project']['duplicated_lines_percent']} % "
              f"({metrics['project']['duplicated_lines']:,} lines), all files {all_dup / all_loc * 100:.1f} % ({all_dup:,})")
        print(f"  clone groups reported (not test-only): {len(clones)}")
        largest = sorted(clones, key=lambda f: (-f["effort_minutes"], f["file"], f["line"]))[:5]
        for f in largest:
            print(f"   - {f['message']}")
        if args.full:
            full_wall, full = run(tree, args.jobs)
            cpu = sum(v for k, v in full["timing"].items() if k.startswith("cpu_"))
            share = (full["timing"].get("cpu_collect_clones", 0.0)) / cpu * 100 if cpu else 0.0
            print(f"  whole audit      {full_wall:6.1f} s wall, {cpu:.1f} CPU s in workers; clone collector "
                  f"{share:.1f} % of the workers' CPU, project step {project:.2f} s of {full['timing']['project']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
