"""Benchmark: the whole audit against `bandit -r` on the same real trees, in one run.

    python bench/bench_audit.py [django==5.2.8 flask==3.1.2 ...] [--jobs N]

Downloads sdists into bench/corpus/ (git-ignored), then for each tree prints files, lines,
seconds, lines per second and peak memory (largest process) of:
  - `audit TREE -f html,json` (every rule, every analyzer, both reports written),
  - `bandit -r TREE -q -f json` (bandit alone, for scale),
and the audit's CPU seconds per phase (parse, visit, positions, bandit, ...) per 1k lines.
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def fetch(spec: str) -> Path:
    """Download and unpack an sdist once; return the unpacked folder."""
    CORPUS.mkdir(exist_ok=True)
    name, _, version = spec.partition("==")
    existing = [p for p in CORPUS.iterdir() if p.is_dir() and p.name.lower().startswith(f"{name.lower()}-{version}")]
    if existing:
        return existing[0]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(CORPUS), spec],
        check=True,
    )
    archive = next(p for p in CORPUS.iterdir() if p.name.lower().startswith(f"{name.lower()}-{version}") and p.name.endswith(".tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(CORPUS, filter="data")
    return next(p for p in CORPUS.iterdir() if p.is_dir() and p.name.lower().startswith(f"{name.lower()}-{version}"))


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds and the peak RSS (MiB) of the largest process the command ran."""
    # ru_maxrss of RUSAGE_CHILDREN is the largest of the waited-for descendants so far,
    # so each measurement runs in a fresh python that reports its own children's peak.
    probe = (
        "import resource, subprocess, sys, time, json;"
        "t=time.perf_counter();"
        "p=subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "print(json.dumps([time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024, p.returncode]));"
        "sys.stderr.write(p.stderr[-2000:])"
    )
    proc = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, cwd=cwd)
    seconds, peak, _ = json.loads(proc.stdout.strip().splitlines()[-1])
    return seconds, peak, proc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", default=["django==5.2.8"])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, --jobs {args.jobs}")
    for spec in args.specs:
        tree = fetch(spec)
        with tempfile.TemporaryDirectory() as out:
            a_secs, a_peak, a_proc = timed(
                [str(bin_dir / "audit"), str(tree), "-f", "html,json", "-o", out, "-q", "--fail-on", "never", "-j", str(args.jobs)]
            )
            if a_proc.stderr.strip():
                print(a_proc.stderr.strip()[-500:])
            report = json.loads(Path(out, "audit-report.json").read_text())
            html_mb = Path(out, "audit-report.html").stat().st_size / 1e6
        b_secs, b_peak, _ = timed([str(bin_dir / "bandit"), "-r", str(tree), "-q", "-f", "json", "-o", os.devnull])
        summary, timing = report["summary"], report["timing"]
        lines, files = summary["lines_analyzed"], summary["files_analyzed"]
        kl = lines / 1000
        print(f"\n{spec}: {files} files, {lines:,} lines, {summary['findings']} findings, {summary['errors']} errors")
        print(f"  audit   {a_secs:7.1f} s  {lines / a_secs:9,.0f} lines/s  peak {a_peak:6.0f} MiB  (html {html_mb:.1f} MB)")
        print(f"  bandit  {b_secs:7.1f} s  {lines / b_secs:9,.0f} lines/s  peak {b_peak:6.0f} MiB")
        print(f"  audit / bandit: {a_secs / b_secs:.2f}")
        phases = {k[4:]: v for k, v in timing.items() if k.startswith("cpu_")}
        print("  CPU seconds per 1k lines: " + ", ".join(f"{k} {v / kl * 1000:.1f} ms" for k, v in phases.items()))
        print("  CPU seconds total: " + ", ".join(f"{k} {v:.1f}" for k, v in phases.items()))
        print(f"  wall: discover {timing['discover']:.1f} s, files {timing['files']:.1f} s, project {timing['project']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
