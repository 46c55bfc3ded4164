"""The worker pool under files that cost too much and workers that die (auditor.pool).

Each case runs the real CLI on generated files: a file over the time or memory budget is
reported in `errors` as skipped with the reason, a killed worker is replaced, and every
other file keeps its findings.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NO_HYGIENE, run_cli

SMALL = "import os\n\n\ndef run(cmd):\n    os.system('ls ' + cmd)\n"


def _huge(functions: int) -> str:
    return "".join(
        f"def f{i}(a, b):\n    if a > b:\n        return eval(a)\n    return b\n\n\n" for i in range(functions)
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("budget")
    (root / "huge.py").write_text(_huge(6_000))
    for i in range(9):
        (root / f"small{i}.py").write_text(SMALL)
    return root


def _report(code: int, out: str, err: str) -> dict:
    assert code in (0, 1), err
    assert "Traceback" not in err
    return json.loads(out)


def _accounted(report: dict, names: set[str]) -> None:
    """Every file is either analysed or named in errors: none is lost."""
    errored = {e["file"] for e in report["errors"]}
    with_findings = {f["file"] for f in report["findings"]}
    assert report["summary"]["files_analyzed"] + len(errored) == len(names)
    assert with_findings | errored <= names


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_budget_is_skipped_with_the_reason(repo: Path, jobs: str) -> None:
    code, out, err = run_cli(repo, "-j", jobs, "--no-cache", "--file-timeout", "1", "-f", "json", "-o", "-", "-q", *NO_HYGIENE, cwd=repo)
    report = _report(code, out, err)
    assert report["errors"] == [
        {
            "file": "huge.py",
            "kind": "skipped",
            "message": "analysis stopped after 1 s of CPU time: over the per-file time budget (file-timeout)",
        }
    ]
    assert report["summary"]["files_analyzed"] == 9
    flagged = {f["file"] for f in report["findings"] if f["rule"] in ("B605", "SEC102")}
    assert flagged == {f"small{i}.py" for i in range(9)}


def test_a_file_over_the_time_budget_is_tried_again_next_run(repo: Path, tmp_path: Path) -> None:
    """Over a budget is the run's verdict, not the file's: neither that file's result nor
    the whole audit is reused from the cache."""
    args = ("-j", "1", "--cache-dir", tmp_path / "cache", "--file-timeout", "1", "-f", "json", "-o", "-", "-q", *NO_HYGIENE)
    first = _report(*run_cli(repo, *args, cwd=repo))
    second = _report(*run_cli(repo, *args, cwd=repo))
    assert [e["file"] for e in first["errors"]] == [e["file"] for e in second["errors"]] == ["huge.py"]
    assert "whole_audit_cached" not in second["timing"]
    assert (second["timing"]["cache_hits"], second["timing"]["cache_misses"]) == (9, 1)


def test_a_worker_over_the_memory_budget_is_replaced(tmp_path: Path) -> None:
    """No worker fits in 1 MiB: each is killed at its first check and replaced, the file it
    held is reported, the files it had queued go to the next worker, and the run ends."""
    for i in range(10):  # enough source for worker processes (auditor.pool.IN_PROCESS_BYTES)
        (tmp_path / f"mod{i}.py").write_text(_huge(500) + SMALL)
    (tmp_path / "pyproject.toml").write_text("[tool.auditor]\nfile-memory = 1\n")
    code, out, err = run_cli(tmp_path, "-j", "2", "--no-cache", "-f", "json", "-o", "-", "-q", *NO_HYGIENE, cwd=tmp_path)
    report = _report(code, out, err)
    _accounted(report, {f"mod{i}.py" for i in range(10)})
    assert report["errors"], "every worker is over 1 MiB: some file must have been stopped"
    for error in report["errors"]:
        assert error["kind"] == "skipped"
        assert "over the per-file memory budget of 1 MiB (file-memory)" in error["message"]


def _descendants(pid: int) -> dict[int, int]:
    """{descendant pid: depth below pid}, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    depth = {pid: 0}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in depth and child not in depth:
                depth[child] = depth[parent] + 1
                changed = True
    del depth[pid]
    return depth


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
def test_a_worker_that_dies_is_replaced_and_its_file_reported(tmp_path: Path) -> None:
    names = {f"mod{i:02}.py" for i in range(16)}
    for name in names:
        (tmp_path / name).write_text(_huge(400) + SMALL)
    out_file = tmp_path.parent / f"{tmp_path.name}-report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", str(tmp_path), "-j", "2", "--no-cache", "-f", "json", "-o", str(out_file), "-q", *NO_HYGIENE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        # Workers are the audit's children (forked) or the fork server's (two levels down).
        below = _descendants(proc.pid)
        workers = sorted(p for p, d in below.items() if d == (2 if 2 in below.values() else 1))
        if len(workers) >= 2:
            time.sleep(1.5)  # let them get to work
            os.kill(workers[0], signal.SIGKILL)
            killed = workers[0]
        else:
            time.sleep(0.1)
    _, err = proc.communicate(timeout=300)
    assert killed is not None, "the workers were not seen"
    report = _report(proc.returncode, out_file.read_text(), err)
    _accounted(report, names)
    died = [e for e in report["errors"] if "worker process died (signal 9)" in e["message"]]
    assert len(died) == 1, report["errors"]
    assert died[0]["kind"] == "skipped"
    assert report["summary"]["files_analyzed"] == len(names) - 1


@pytest.mark.parametrize(
    ("config", "options", "words"),
    [
        ('file-timeout = "soon"\n', [], ["file-timeout", "soon"]),
        ("file-timeout = -1\n", [], ["file-timeout", "-1"]),
        ("file-memory = 1.5\n", [], ["file-memory", "1.5"]),
        ("file-memory = true\n", [], ["file-memory", "True"]),
        ("", ["--file-timeout", "-3"], ["--file-timeout", "-3"]),
    ],
)
def test_a_bad_budget_is_one_line_and_exit_2(tmp_path: Path, config: str, options: list[str], words: list[str]) -> None:
    (tmp_path / "a.py").write_text(SMALL)
    (tmp_path / "pyproject.toml").write_text("[tool.auditor]\n" + config)
    code, out, err = run_cli(tmp_path, *options, "-o", str(tmp_path / "r.json"), "-f", "json", cwd=tmp_path)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), err
    assert not (tmp_path / "r.json").exists()
