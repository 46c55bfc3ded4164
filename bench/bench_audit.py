"""Benchmark: the whole audit against `bandit -r` on real trees, cold, warm and one file
changed, and how its cost scales with lines of code (the speed issue's goals).

    python bench/bench_audit.py [flask==3.1.2 django==5.2.8 sqlalchemy==2.0.44 ...]
                                [--rounds 2] [--jobs 2]

Downloads the sdists into bench/corpus/ (git-ignored) and copies each tree to a temporary
folder. Per tree:
  cold      `--rounds` rounds of A B A B: A = the full audit (every analyzer, every rule,
            HTML and JSON written) with a fresh --cache-dir, B = `bandit -r TREE -q -f json
            -o /dev/null`. Per run and median: wall s, CPU s (user+sys of the command and
            every process it waited for), peak RSS of the largest process, lines/s. Then
            audit/bandit, and the audit's CPU per phase (the JSON report's `timing` cpu_*).
  warm      the same cache, nothing changed: the whole previous result should be reused
            (the report's timing says "whole_audit_cached"), and the JSON report must be
            identical to the cold one apart from timing.
  one file  a small function appended to one mid-sized module: the report's timing says
            how many files were hits and misses, and the cache database says which files
            were stored again (sqlite gives a replaced row a new rowid).
At the end: lines, CPU s and microseconds per line for each tree, a least-squares fit
CPU = a * lines + b with its R^2, and the per-line cost largest/smallest (about 1 when the
cost is linear in lines).

The audits run a frozen copy of the tool (auditor/, rules/ and templates/ copied as the
wheel lays them out, byte-compiled as pip does) first on PYTHONPATH, from a temporary working directory and with
`python -P`, so edits to the working tree during the run change nothing measured (and the
cache fingerprint, which hashes the tool's source, stays put). The commit measured, any
uncommitted changes included in the copy and the load average before and after are
printed: on a shared machine the figures are only as quiet as the machine.
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = HERE / "corpus"
DEFAULT_SPECS = ["flask==3.1.2", "django==5.2.8", "sqlalchemy==2.0.44"]
CACHE_DB = "results.sqlite3"  # auditor.cache.DB_NAME, inside --cache-dir
GOAL_WARM = 0.05  # warm re-run <= 5% of cold
GOAL_PEAK_MIB = 1024  # largest process < 1 GB

EDIT = '''

def _bench_audit_edit(values):
    """Added by bench/bench_audit.py: a real change to one module."""
    total = 0
    for value in values:
        if value:
            total += value
    return total
'''


def fetch(spec: str) -> Path:
    """Download and unpack an sdist once; return the unpacked folder."""
    CORPUS.mkdir(exist_ok=True)
    name, _, version = spec.partition("==")
    prefix = f"{name.lower()}-{version}"

    def unpacked() -> list[Path]:
        return [p for p in CORPUS.iterdir() if p.is_dir() and p.name.lower().startswith(prefix)]

    if unpacked():
        return unpacked()[0]
    archives = [p for p in CORPUS.iterdir() if p.name.lower().startswith(prefix) and p.name.endswith(".tar.gz")]
    if not archives:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(CORPUS), spec],
            check=True,
        )
        archives = [p for p in CORPUS.iterdir() if p.name.lower().startswith(prefix) and p.name.endswith(".tar.gz")]
    with tarfile.open(archives[0]) as tar:
        tar.extractall(CORPUS, filter="data")
    return unpacked()[0]


@dataclass(frozen=True)
class Run:
    """One measured command: wall s, CPU s (it and its waited-for descendants), peak RSS
    in MiB of the largest of them, exit code, stderr tail."""

    wall: float
    cpu: float
    peak: float
    code: int
    stderr: str


# ru_maxrss of RUSAGE_CHILDREN is the largest of the waited-for descendants so far, so
# each measurement runs in a fresh python that reports its own children's figures. The
# audit's workers are children of a fork server that the audit never waits for (it
# exits after its parent): the probe makes itself a subreaper (prctl
# PR_SET_CHILD_SUBREAPER) so the orphaned fork server comes to it, and waits for it, so
# its CPU and that of the workers it reaped, and their peak RSS, are counted too.
_PROBE = """
import ctypes, json, os, resource, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
w = time.perf_counter() - t
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        if os.waitpid(-1, os.WNOHANG) == (0, 0):
            time.sleep(0.05)
    except ChildProcessError:
        break
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([w, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, p.returncode, p.stderr[-2000:]]))
"""


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run `cmd` under the probe; its stdout is discarded."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, *cmd], capture_output=True, text=True, env=env, cwd=cwd)
    if proc.returncode != 0:
        sys.exit(f"probe failed: {proc.stderr[-2000:]}")
    wall, cpu, peak, code, err = json.loads(proc.stdout.strip().splitlines()[-1])
    return Run(wall, cpu, peak, code, err)


# -- the frozen copy of the tool ---------------------------------------------------------


def snapshot(into: Path) -> dict[str, str]:
    """Copy the tool as the wheel lays it out; the environment that runs that copy."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "auditor", into / "auditor", ignore=ignore)
    shutil.copytree(REPO / "rules", into / "auditor" / "rules", ignore=ignore)
    shutil.copytree(REPO / "templates", into / "auditor" / "templates", ignore=ignore)
    # Byte-compiled as pip does when it installs a wheel: otherwise, with
    # PYTHONDONTWRITEBYTECODE set, every run would compile the tool's source again.
    compileall.compile_dir(str(into), quiet=1)
    return {**os.environ, "PYTHONPATH": str(into), "NO_COLOR": "1"}


def describe_snapshot(into: Path, env: dict[str, str], cwd: Path) -> None:
    """The commit, the uncommitted changes copied with it, a hash of the copy, and proof
    that the copy (not the editable install) is what `python -P -m auditor` imports."""
    git = lambda *a: subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True).stdout.strip()  # noqa: E731
    print(f"commit measured: {git('log', '-1', '--format=%h %cI %s')[:110]}")
    dirty = git("status", "--porcelain", "--", "auditor", "rules", "templates")
    print("  uncommitted changes included in the frozen copy: " + (", ".join(dirty.split("\n")) if dirty else "none"))
    digest = hashlib.sha256()
    for path in sorted(into.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(into).as_posix().encode() + b"\0" + path.read_bytes())
    print(f"  frozen copy sha256 {digest.hexdigest()[:16]} in {into}")
    probe = "import auditor, auditor.rules, auditor.templates as t; print(auditor.__file__, auditor.rules.__path__[0], t.__path__[0])"
    out = subprocess.run([sys.executable, "-P", "-c", probe], env=env, cwd=cwd, capture_output=True, text=True)
    paths = out.stdout.split()
    if out.returncode != 0 or not paths or not all(p.startswith(str(into)) for p in paths):
        sys.exit(f"the frozen copy is not what runs: {out.stdout} {out.stderr[-500:]}")
    print("  imports checked: auditor, auditor.rules and auditor.templates come from the copy")


def load() -> str:
    out = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return out or "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


# -- one tree ----------------------------------------------------------------------------


@dataclass
class Tree:
    spec: str
    files: int = 0
    lines: int = 0
    audits: list[Run] = field(default_factory=list)
    bandits: list[Run] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    warm: Run | None = None
    changed: Run | None = None
    warm_report: dict[str, Any] = field(default_factory=dict)
    changed_report: dict[str, Any] = field(default_factory=dict)
    restored: list[str] = field(default_factory=list)
    edited: str = ""

    def median(self, runs: list[Run], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs)


def audit_cmd(tree: Path, out: Path, cache: Path, jobs: int) -> list[str]:
    return [
        sys.executable, "-P", "-m", "auditor", str(tree), "-f", "html,json", "-o", str(out), "-q",
        "--fail-on", "never", "-j", str(jobs), "--cache-dir", str(cache),
    ]


def run_audit(tree: Path, work: Path, cache: Path, jobs: int, env: dict[str, str], label: str) -> tuple[Run, dict[str, Any]]:
    out = work / f"out-{label}"
    out.mkdir()
    run = timed(audit_cmd(tree, out, cache, jobs), env=env, cwd=work)
    if run.code not in (0, 1):
        sys.exit(f"audit failed ({run.code}):\n{run.stderr}")
    if run.stderr.strip():
        print(f"    audit stderr: {run.stderr.strip()[-500:]}")
    report = json.loads((out / "audit-report.json").read_text(encoding="utf-8"))
    report["_html_bytes"] = (out / "audit-report.html").stat().st_size
    shutil.rmtree(out)
    return run, report


def pick_module(tree: Path) -> Path:
    """A mid-sized library module: the median, by lines, of those with 150+ lines
    outside tests, docs and examples."""
    skip = {"tests", "test", "testing", "docs", "doc", "examples", "scripts", "benchmarks"}
    sized = []
    for path in tree.rglob("*.py"):
        if skip & set(path.relative_to(tree).parts[:-1]):
            continue
        n = path.read_bytes().count(b"\n")
        if n >= 150:
            sized.append((n, path.relative_to(tree).as_posix(), path))
    sized.sort()
    return sized[len(sized) // 2][2]


def max_rowid(cache: Path) -> int:
    with sqlite3.connect(f"file:{cache / CACHE_DB}?mode=ro", uri=True) as con:
        return con.execute("SELECT COALESCE(MAX(rowid), 0) FROM results").fetchone()[0]


def stored_since(cache: Path, rowid: int) -> list[str]:
    """Files whose cached result was written (INSERT OR REPLACE: a new rowid) after `rowid`."""
    with sqlite3.connect(f"file:{cache / CACHE_DB}?mode=ro", uri=True) as con:
        return [r[0] for r in con.execute("SELECT relpath FROM results WHERE rowid > ? ORDER BY relpath", (rowid,))]


def fmt(run: Run, lines: int) -> str:
    return f"wall {run.wall:7.1f} s  cpu {run.cpu:7.1f} s  peak {run.peak:6.0f} MiB  {lines / run.wall:9,.0f} lines/s"


def bench_tree(spec: str, rounds: int, jobs: int, env: dict[str, str], work_root: Path) -> Tree:
    source = fetch(spec)
    work = Path(tempfile.mkdtemp(prefix="tree-", dir=work_root))
    tree = work / source.name
    shutil.copytree(source, tree, symlinks=True)
    bandit = [str(Path(sys.executable).parent / "bandit"), "-r", str(tree), "-q", "-f", "json", "-o", os.devnull]
    result = Tree(spec)
    print(f"\n== {spec} ({source.name}), -j {jobs}; {load()}")
    cache = work / "cache-0"
    for i in range(rounds):
        cache = work / f"cache-{i}"  # fresh: a cold run
        run, report = run_audit(tree, work, cache, jobs, env, f"cold{i}")
        result.audits.append(run)
        result.reports.append(report)
        if i == 0:
            summary = report["summary"]
            result.files, result.lines = summary["files_analyzed"], summary["lines_analyzed"]
            print(
                f"  {result.files} files, {result.lines:,} lines, {summary['findings']} findings, "
                f"{summary['errors']} errors, html {report['_html_bytes'] / 1e6:.1f} MB"
            )
            for error in report["errors"][:5]:
                print(f"    error: {error['file']}: {error['kind']}: {error['message'][:120]}")
        print(f"  round {i + 1} A audit   {fmt(run, result.lines)}  (exit {run.code})")
        brun = timed(bandit, env=env, cwd=work)
        result.bandits.append(brun)
        print(f"  round {i + 1} B bandit  {fmt(brun, result.lines)}  (exit {brun.code})")
    a_wall, b_wall = result.median(result.audits, "wall"), result.median(result.bandits, "wall")
    a_cpu, b_cpu = result.median(result.audits, "cpu"), result.median(result.bandits, "cpu")
    print(f"  median    audit   wall {a_wall:7.1f} s  cpu {a_cpu:7.1f} s  peak {max(r.peak for r in result.audits):6.0f} MiB  {result.lines / a_wall:9,.0f} lines/s")
    print(f"  median    bandit  wall {b_wall:7.1f} s  cpu {b_cpu:7.1f} s  peak {max(r.peak for r in result.bandits):6.0f} MiB  {result.lines / b_wall:9,.0f} lines/s")
    print(f"  audit / bandit: wall {a_wall / b_wall:.2f}, cpu {a_cpu / b_cpu:.2f}")
    print_phases(result)

    # warm: the last cold run's cache, nothing changed
    result.warm, result.warm_report = run_audit(tree, work, cache, jobs, env, "warm")
    t = result.warm_report["timing"]
    print(
        f"  warm      audit   {fmt(result.warm, result.lines)}  = {result.warm.wall / a_wall:.1%} of cold wall, "
        f"{result.warm.cpu / a_cpu:.1%} of cold cpu; cache hits {t.get('cache_hits')} misses {t.get('cache_misses')}"
        + ("; whole audit reused" if t.get("whole_audit_cached") else "")
    )
    same = strip(result.warm_report) == strip(result.reports[-1])
    print(f"            warm JSON report identical to the cold one (apart from timing): {'yes' if same else 'NO'}")
    wall_phases(result.warm_report, result.warm)

    # one file changed
    target = pick_module(tree)
    result.edited = target.relative_to(tree).as_posix()
    before = max_rowid(cache)
    text = target.read_text(encoding="utf-8")
    target.write_text(text + ("" if text.endswith("\n") else "\n") + EDIT, encoding="utf-8")
    print(f"  edited    {result.edited} ({text.count(chr(10))} lines): appended a 7-line function")
    result.changed, result.changed_report = run_audit(tree, work, cache, jobs, env, "changed")
    t = result.changed_report["timing"]
    result.restored = stored_since(cache, before)
    print(
        f"  one file  audit   {fmt(result.changed, result.lines)}  = {result.changed.wall / a_wall:.1%} of cold wall, "
        f"{result.changed.cpu / a_cpu:.1%} of cold cpu; cache hits {t.get('cache_hits')} misses {t.get('cache_misses')}"
    )
    print(f"            files analysed again (stored anew in the cache): {result.restored or 'none'}")
    wall_phases(result.changed_report, result.changed)
    size = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    print(f"  cache size {size / 2**20:.1f} MiB; {load()}")
    shutil.rmtree(work)
    return result


def strip(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("timing", "_html_bytes")}


def wall_phases(report: dict[str, Any], run: Run) -> None:
    """The audit's own wall per step, and what the process spent outside `audit()`
    (interpreter start, imports, rule discovery, writing the reports)."""
    t = report["timing"]
    keys = ("discover", "cache_lookup", "files", "project", "sections", "prioritize", "duration_seconds")
    print(
        "            in-process wall s: " + ", ".join(f"{k} {t[k]:.2f}" for k in keys if k in t)
        + f"; outside audit() {run.wall - t.get('duration_seconds', 0.0):.2f}"
    )


def print_phases(result: Tree) -> None:
    """Median over the cold rounds of each phase in the JSON `timing`. The cpu_* keys are
    the workers' process time per phase, summed over files; the others are wall seconds
    of the main process."""
    keys = sorted({k for r in result.reports for k in r["timing"]})
    med = {k: statistics.median(r["timing"].get(k, 0.0) for r in result.reports) for k in keys}
    cpu = {k[4:]: v for k, v in med.items() if k.startswith("cpu_")}
    kl = result.lines / 1000
    total = sum(cpu.values())
    print(
        f"  audit per-file phases, timing cpu_* (worker CPU seconds, summed; median of cold runs), "
        f"total {total:.1f} s vs {result.median(result.audits, 'cpu'):.1f} CPU s measured for all processes:"
    )
    for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]):
        print(f"      {k:22} {v:7.2f} s  {v / kl * 1000:7.1f} ms per 1k lines  {v / total:6.1%}")
    wall = ("discover", "files", "project", "sections", "prioritize", "duration_seconds")
    outside = statistics.median(r.wall - rep["timing"].get("duration_seconds", 0.0) for r, rep in zip(result.audits, result.reports))
    print(
        "  audit wall per step (median of cold runs): " + ", ".join(f"{k} {med[k]:.2f} s" for k in wall if k in med)
        + f"; outside audit() {outside:.2f} s"
    )


# -- summary -----------------------------------------------------------------------------


def least_squares(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """y = a * x + b: (a, b, R^2)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    a = sxy / sxx
    b = my - a * mx
    ss_res = sum((y - (a * x + b)) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def summarize(trees: list[Tree]) -> None:
    print("\n== scaling (cold audit, median of rounds; CPU s = the audit and all its processes, by rusage)")
    print(f"  {'tree':22} {'files':>6} {'lines':>9} {'CPU s':>8} {'us/line':>8} {'cpu_* sum s':>15} {'us/line':>8}")
    rows = []
    for t in sorted(trees, key=lambda t: t.lines):
        cpu = t.median(t.audits, "cpu")
        per_file = statistics.median(sum(v for k, v in r["timing"].items() if k.startswith("cpu_")) for r in t.reports)
        rows.append((t, cpu, per_file))
        print(
            f"  {t.spec:22} {t.files:6} {t.lines:9,} {cpu:8.1f} {cpu / t.lines * 1e6:8.0f} "
            f"{per_file:15.1f} {per_file / t.lines * 1e6:8.0f}"
        )
    print_fit(rows)
    print_goals(trees)


def print_fit(rows: list[tuple[Tree, float, float]]) -> None:
    """CPU = a * lines + b over the trees (smallest first), and the per-line cost ratio."""
    if len(rows) >= 2:
        xs = [float(t.lines) for t, _, _ in rows]
        for label, ys in (("measured CPU", [c for _, c, _ in rows]), ("timing cpu_* sum", [p for _, _, p in rows])):
            a, b, r2 = least_squares(xs, ys)
            small, large = rows[0], rows[-1]
            idx = 1 if label.startswith("measured") else 2
            ratio = (large[idx] / large[0].lines) / (small[idx] / small[0].lines)
            print(
                f"  {label:20}: CPU = {a * 1e6:.0f} us * lines + {b:.1f} s, R^2 = {r2:.4f}; "
                f"us/line {large[0].spec} / {small[0].spec} = {ratio:.2f}"
            )
        if len(rows) == 2:
            print("  (two points always fit a line exactly: R^2 says nothing)")


def print_goals(trees: list[Tree]) -> None:
    print("\n== goals (figures from this machine; see the load averages)")
    for t in trees:
        a_wall, b_wall = t.median(t.audits, "wall"), t.median(t.bandits, "wall")
        peak = max(r.peak for r in [*t.audits, t.warm, t.changed] if r)
        warm = t.warm.wall / a_wall if t.warm else float("nan")
        misses = t.changed_report.get("timing", {}).get("cache_misses")
        print(
            f"  {t.spec:22} cold audit/bandit {a_wall / b_wall:5.2f} ({'met' if a_wall <= b_wall else 'NOT met'}, goal <= 1)"
            f" | warm {warm:6.1%} of cold ({'met' if warm <= GOAL_WARM else 'NOT met'}, goal <= 5%)"
            f" | one file: misses {misses}, re-analysed {t.restored} "
            f"({'met' if t.restored == [t.edited] and misses == 1 else 'NOT met'})"
            f" | peak {peak:.0f} MiB ({'met' if peak < GOAL_PEAK_MIB else 'NOT met'}, goal < 1 GB)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", default=DEFAULT_SPECS)
    parser.add_argument("--rounds", type=int, default=2, help="cold A B rounds per tree (default 2)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="audit worker processes (default 2)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # progress shows in a log file
    bandit_version = subprocess.run(
        [str(Path(sys.executable).parent / "bandit"), "--version"], capture_output=True, text=True
    ).stdout.splitlines()[:1]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, --jobs {args.jobs}, --rounds {args.rounds}, {' '.join(bandit_version)}")
    print(f"before: {load()}")
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        work_root = Path(tmp)
        env = snapshot(work_root / "code")
        describe_snapshot(work_root / "code", env, work_root)
        trees = [bench_tree(spec, args.rounds, args.jobs, env, work_root) for spec in args.specs]
    summarize(trees)
    print(f"\nafter: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
