"""Baselines (`audit baseline`, `--baseline`) and new-code gating (`--changed-since`),
through the real CLI on real files, with a real git repository where one is needed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import SHELL_CALL, CliResult, assert_usage_error, found, make_repo, run_cli

from auditor.changes import parse_diff

SELECT = ("--select", "B602,B307")  # shell=True (high) and eval (medium): fast and stable

NEW_SHELL = """

def other(cmd):
    subprocess.call(cmd, shell=True)
"""


def _baseline(repo: Path, name: str = "baseline.json") -> Path:
    code, out, err = run_cli("baseline", ".", "--output", name, *SELECT, cwd=repo)
    assert code == 0, err
    assert out.strip() == f"1 findings recorded in {name}"
    return repo / name


def _check(repo: Path, *args: str) -> tuple[CliResult, dict]:
    result = run_cli(".", "-f", "json", "-o", "-", *SELECT, *args, cwd=repo)
    assert "Traceback" not in result.err, result.err
    return result, (json.loads(result.out) if result.out else {})


def _git(repo: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", *args]
    return subprocess.run(cmd, cwd=repo, check=True, capture_output=True, text=True).stdout


def _git_repo(root: Path, files: dict[str, str]) -> Path:
    make_repo(root, files)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "initial")
    return root


# --- baselines ---------------------------------------------------------------------------


def test_baseline_file_records_rule_file_fingerprint_scope_and_context(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    data = json.loads(_baseline(repo).read_text())
    assert data["version"] == 1 and data["tool_version"]
    [entry] = data["findings"]
    assert entry["rule"] == "B602" and entry["file"] == "a.py" and entry["scope"] == "run"
    assert entry["context"] == "subprocess.call(cmd, shell=True)"
    assert len(entry["fingerprint"]) == 20 and "shell=True" in entry["message"]
    # deterministic: the same input gives byte-identical output
    first = (repo / "baseline.json").read_bytes()
    _baseline(repo)
    assert (repo / "baseline.json").read_bytes() == first


def test_unchanged_code_reports_nothing_and_passes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    _baseline(repo)
    (code, _, _), report = _check(repo)  # without the baseline it is reported
    assert (code, found(report)) == (1, [("B602", "a.py", 5)])
    (code, _, err), report = _check(repo, "--baseline", "baseline.json")
    assert found(report) == []
    assert code == 0, err
    assert "1 finding(s) baselined, 0 baseline entries resolved" in err


def test_a_new_finding_is_the_only_one_reported_and_fails_the_gate(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    _baseline(repo)
    with (repo / "a.py").open("a") as fh:
        fh.write(NEW_SHELL)
    (code, _, err), report = _check(repo, "--baseline", "baseline.json")
    assert found(report) == [("B602", "a.py", 9)]
    assert code == 1, err
    assert "1 finding(s) baselined" in err


def test_lines_inserted_above_keep_the_finding_baselined(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    _baseline(repo)
    text = (repo / "a.py").read_text()
    (repo / "a.py").write_text('"""A module."""\n\nVALUE = 1\nOTHER = 2\n\n\n' + text)
    # the finding moved from line 5 to line 11, and is still the baselined one
    code, _, _ = run_cli(".", "-f", "json", "-o", "-", *SELECT, cwd=repo)
    assert code == 1
    (code, _, err), report = _check(repo, "--baseline", "baseline.json")
    assert found(report) == []
    assert code == 0, err


def test_a_renamed_file_keeps_its_findings_baselined(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    _baseline(repo)
    (repo / "a.py").rename(repo / "renamed.py")
    (code, _, err), report = _check(repo, "--baseline", "baseline.json")
    assert found(report) == []
    assert code == 0, err
    assert "1 finding(s) baselined, 0 baseline entries resolved" in err


def test_a_fixed_finding_is_listed_as_resolved(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL, "b.py": "def load(text):\n    return eval(text)\n"})
    code, out, err = run_cli("baseline", ".", "--output", "baseline.json", *SELECT, cwd=repo)
    assert (code, out.strip()) == (0, "2 findings recorded in baseline.json"), err
    (repo / "a.py").write_text(SHELL_CALL.replace("shell=True", "shell=False"))
    (code, _, err), report = _check(repo, "--baseline", "baseline.json")
    assert found(report) == []
    assert code == 0, err
    assert "1 finding(s) baselined, 1 baseline entry resolved (fixed since)" in err
    resolved = [line.strip() for line in err.splitlines() if "resolved:" in line]
    assert len(resolved) == 1 and resolved[0].startswith("resolved: B602 a.py subprocess call with shell=True")


def test_a_second_identical_finding_in_the_same_scope_is_new(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    _baseline(repo)
    with (repo / "a.py").open("a") as fh:
        fh.write("    subprocess.call(cmd, shell=True)\n")
    (code, _, err), report = _check(repo, "--baseline", "baseline.json")
    assert len(found(report)) == 1  # one of the two identical calls is baselined, not both
    assert code == 1, err


def test_a_bad_baseline_file_is_one_clear_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL, "junk.json": "{not json", "old.json": '{"version": 99}'})
    assert_usage_error(run_cli(".", "--baseline", "missing.json", cwd=repo), "missing.json", "not found")
    assert_usage_error(run_cli(".", "--baseline", "junk.json", cwd=repo), "junk.json", "not valid JSON")
    assert_usage_error(run_cli(".", "--baseline", "old.json", cwd=repo), "old.json", "version 99")
    assert not (repo / "audit-report.html").exists()  # checked before anything is written


def test_baseline_command_needs_an_output(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    assert_usage_error(run_cli("baseline", ".", cwd=repo), "--output")


# --- new-code gating ---------------------------------------------------------------------


def test_only_findings_on_changed_lines_are_reported(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    with (repo / "a.py").open("a") as fh:
        fh.write(NEW_SHELL)
    (code, _, err), report = _check(repo, "--changed-since", "HEAD")
    assert found(report) == [("B602", "a.py", 9)]
    assert code == 1, err
    assert "changed since HEAD: 1 finding(s) outside changed lines not shown" in err


def test_committed_changes_since_an_older_ref_count(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path / "r", {"pkg/a.py": SHELL_CALL})
    first = _git(repo, "rev-parse", "HEAD").strip()
    with (repo / "pkg" / "a.py").open("a") as fh:
        fh.write(NEW_SHELL)
    _git(repo, "commit", "-q", "-am", "second")
    # audit a subdirectory: git's paths (pkg/a.py) map to the audited root's (a.py)
    result = run_cli("pkg", "-f", "json", "-o", "-", *SELECT, "--changed-since", first, cwd=repo)
    assert found(json.loads(result.out)) == [("B602", "a.py", 9)]
    _, report = _check(repo, "--changed-since", "HEAD")
    assert found(report) == []


def test_an_untracked_file_counts_as_changed_in_full(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    make_repo(repo, {"new.py": SHELL_CALL})
    (code, _, err), report = _check(repo, "--changed-since", "HEAD")
    assert found(report) == [("B602", "new.py", 5)]
    assert code == 1, err


def test_changed_since_a_bad_ref_or_outside_git_is_one_clear_error(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path / "r", {"a.py": SHELL_CALL})
    assert_usage_error(run_cli(".", "--changed-since", "no-such-ref", cwd=repo), "unknown git ref", "no-such-ref")
    plain = make_repo(tmp_path / "plain", {"a.py": SHELL_CALL})
    assert_usage_error(run_cli(".", "--changed-since", "HEAD", cwd=plain), "not inside a git repository")


def test_diff_hunks_count_omitted_lengths_as_one_and_deletions_as_nothing() -> None:
    diff = (
        "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n"
        "@@ -3 +3 @@\n-a\n+b\n"
        "@@ -10,2 +9,0 @@\n-c\n-d\n"
        "@@ -20,0 +20,3 @@\n+e\n+f\n+g\n"
        "diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x\n-y\n"
    )
    assert parse_diff(diff) == {"x.py": {3, 20, 21, 22}}
