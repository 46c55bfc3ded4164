"""Benchmark: the taint analysis' share of an audit, and what it reports, on real trees.

    python bench/bench_taint.py [django==5.2.8 flask==3.1.2 requests==2.32.5] [--jobs N]

Downloads sdists into bench/corpus/ (git-ignored, as bench_audit.py does), audits each tree
with every rule, and prints: lines, wall seconds, the taint collector's CPU seconds and
its share of all per-file CPU, the project step's seconds, and the taint findings
(SEC101-SEC114) per kLOC by severity, plus how many bandit findings the taint analysis
demoted to info. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_audit import fetch  # noqa: E402

TAINT_RULES = {f"SEC{n}" for n in range(101, 115)}


def measure(tree: Path, jobs: int) -> None:
    from auditor.api import audit
    from auditor.config import Config

    started = time.perf_counter()
    result = audit([tree], Config(), jobs=jobs)
    wall = time.perf_counter() - started
    cpu = {k: v for k, v in result.timings.items() if k.startswith("cpu_")}
    total = sum(cpu.values()) or 1.0
    taint = cpu.get("cpu_collect_taint", 0.0)
    kloc = result.lines_analyzed / 1000 or 1.0
    found = [f for f in result.findings if f.rule in TAINT_RULES]
    by_severity = Counter(f.severity.value for f in found)
    demoted = sum(1 for f in result.findings if "(taint analysis:" in f.message)
    print(f"{tree.name}: {result.files_analyzed} files, {result.lines_analyzed} lines, {wall:.1f} s wall")
    print(f"  taint collector: {taint:.2f} CPU s = {100 * taint / total:.1f}% of per-file CPU ({total:.1f} s)")
    print(f"  project step (all project rules): {result.timings.get('project', 0.0):.2f} s")
    print(f"  taint findings: {len(found)} ({len(found) / kloc:.3f}/kLOC): "
          + ", ".join(f"{sev} {n} ({n / kloc:.3f}/kLOC)" for sev, n in sorted(by_severity.items())))
    for rule, n in sorted(Counter(f.rule for f in found).items()):
        print(f"    {rule}: {n}")
    print(f"  bandit/pattern findings demoted to info by the taint analysis: {demoted}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("specs", nargs="*", default=["django==5.2.8", "flask==3.1.2", "requests==2.32.5"])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    for spec in args.specs:
        measure(fetch(spec), args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
