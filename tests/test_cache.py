"""The per-file result cache (auditor.cache), through the real CLI: a warm run gives the
same report, only changed files are analysed again, and a broken cache never costs the
audit its result."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import CliResult, make_repo, run_cli, run_cli_many

JSON_OUT = ("--format", "json", "--output", "-", "--fail-on", "never", "--quiet")

FILES = {
    "app/__init__.py": "",
    "app/views.py": """
        import subprocess

        def run(cmd):
            return subprocess.call(cmd, shell=True)
        """,
    "app/models.py": """
        def nested(a, b, c):
            if a:
                if b:
                    if c:
                        for x in a:
                            if x:
                                return x  # deep
            return None
        """,
    "app/util.py": """
        import pickle

        def load(data):
            try:
                return pickle.loads(data)
            except:
                pass
        """,
    "requirements.txt": "requests==2.32.5\n",
}


def report(result: CliResult) -> dict:
    code, out, err = result
    assert code == 0, err
    return json.loads(out)


def without_timing(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "timing"}


def cached(data: dict) -> tuple[int, int]:
    return data["timing"]["cache_hits"], data["timing"]["cache_misses"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", FILES)


def test_warm_run_gives_the_same_report_from_the_cache(repo: Path, tmp_path: Path) -> None:
    first = run_cli(repo, *JSON_OUT, cwd=tmp_path)
    second = run_cli(repo, *JSON_OUT, cwd=tmp_path)
    cold, warm = report(first), report(second)
    assert cached(cold) == (0, 4) and cached(warm) == (4, 0)
    assert json.dumps(without_timing(cold)) == json.dumps(without_timing(warm))
    assert first.err == second.err == ""
    assert {f["rule"] for f in warm["findings"]} >= {"B602", "B301"}  # real findings, reused
    cache = repo / ".audit_cache"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert not any(".audit_cache" in f["file"] for f in warm["findings"])  # not audited itself


def test_an_unchanged_tree_reuses_the_whole_audit(repo: Path, tmp_path: Path) -> None:
    cold = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    warm = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    assert "whole_audit_cached" not in cold["timing"] and warm["timing"]["whole_audit_cached"] == 1
    assert "project" not in warm["timing"]  # the project steps were not run again
    assert without_timing(warm) == without_timing(cold)
    other = report(run_cli(repo, *JSON_OUT, "--select", "B", cwd=tmp_path))  # another plan
    assert "whole_audit_cached" not in other["timing"] and {f["rule"][0] for f in other["findings"]} == {"B"}


def test_reports_written_into_the_audited_tree_do_not_stop_the_next_run_reusing_it(repo: Path) -> None:
    """`audit .` writes ./audit-report.json into the tree it audits: a file of the tree
    with a new time on every run, which kept every run from reusing the one before."""
    runs = []
    for _ in range(3):  # the first run creates the file: under `python -m`, the working
        # directory is on sys.path and its time is in the key, so the second may miss
        result = run_cli(".", "-q", "-f", "json", "--fail-on", "never", cwd=repo)
        assert result.code == 0, result.err
        runs.append(json.loads((repo / "audit-report.json").read_text(encoding="utf-8")))
    assert runs[2]["timing"].get("whole_audit_cached") == 1
    assert not any(f["file"].startswith("audit-report") for f in runs[2]["findings"])
    assert without_timing(runs[2]) == without_timing(runs[0])


def test_a_changed_non_python_file_is_not_served_from_the_whole_audit_cache(repo: Path, tmp_path: Path) -> None:
    """Project rules read manifests: a changed requirements file changes their findings."""
    before = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    assert any(f["rule"] == "DEP002" and "requests" in f["message"] for f in before["findings"])
    (repo / "requirements.txt").write_text("", encoding="utf-8")
    warm = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    fresh = report(run_cli(repo, *JSON_OUT, "--no-cache", cwd=tmp_path))
    assert "whole_audit_cached" not in warm["timing"] and cached(warm) == (4, 0)
    assert without_timing(warm) == without_timing(fresh)
    assert not any(f["rule"] == "DEP002" for f in warm["findings"])


def test_a_changed_advisory_source_is_not_served_from_the_whole_audit_cache(repo: Path, tmp_path: Path) -> None:
    """The advisories live outside the tree: a new advisory must show in the next run."""
    folder = tmp_path / "osv"
    folder.mkdir()
    advisory = {
        "id": "PYSEC-0000-1",
        "modified": "2026-01-01T00:00:00Z",
        "summary": "test advisory",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "requests"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}],
            }
        ],
    }
    (folder / "a.json").write_text(json.dumps(advisory), encoding="utf-8")
    args = (*JSON_OUT, "--advisories", folder)
    before = report(run_cli(repo, *args, cwd=tmp_path))
    assert not any(f["rule"] == "DEP005" for f in before["findings"])  # 2.32.5 is past the fix
    advisory["affected"][0]["ranges"][0]["events"][1] = {"fixed": "9.0.0"}  # type: ignore[index]
    (folder / "a.json").write_text(json.dumps(advisory), encoding="utf-8")
    after = report(run_cli(repo, *args, cwd=tmp_path))
    assert "whole_audit_cached" not in after["timing"]
    assert any(f["rule"] == "DEP005" and "PYSEC-0000-1" in f["message"] for f in after["findings"])


def test_the_whole_audit_key_holds_what_is_read_outside_the_tree(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today's date (end-of-life rules), the git commit (churn), the environment (installed
    distributions), coverage files: each is a line of the key."""
    import datetime as dt

    import auditor.inputs as inputs
    from auditor.config import Config

    def lines() -> list[str]:
        return list(inputs.audit_inputs(Config(), repo, [], {}, [], []))

    today = lines()
    assert any(line.startswith("git ") for line in today)
    assert any(line.startswith("coverage coverage.xml\0") for line in today)
    assert any(line.startswith("sys.path ") for line in today)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return dt.date(2099, 1, 1)

    monkeypatch.setattr(inputs.dt, "date", Tomorrow)
    assert "today 2099-01-01" in lines() and lines() != today
    monkeypatch.undo()
    (repo / "coverage.xml").write_text("<coverage/>", encoding="utf-8")
    assert lines() != today


def test_one_changed_file_is_the_only_one_analysed_again(repo: Path, tmp_path: Path) -> None:
    report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    (repo / "app" / "views.py").write_text("import os\n\ndef run(cmd):\n    return os.system(cmd)\n", encoding="utf-8")
    warm = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    fresh = report(run_cli(repo, *JSON_OUT, "--no-cache", cwd=tmp_path))
    assert cached(warm) == (3, 1)
    assert without_timing(warm) == without_timing(fresh)
    assert ("B605", "app/views.py") in {(f["rule"], f["file"]) for f in warm["findings"]}
    assert "B602" not in {f["rule"] for f in warm["findings"]}


def test_a_different_selection_or_rule_option_is_not_served_from_the_cache(repo: Path, tmp_path: Path) -> None:
    report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    selected = report(run_cli(repo, *JSON_OUT, "--select", "B,MNT", cwd=tmp_path))
    assert cached(selected) == (0, 4)
    assert cached(report(run_cli(repo, *JSON_OUT, "--select", "B,MNT", cwd=tmp_path))) == (4, 0)

    (repo / "pyproject.toml").write_text('[tool.auditor.options.MNT004]\nmax-depth = 2\n', encoding="utf-8")
    option = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    assert cached(option) == (0, 4)
    fresh = report(run_cli(repo, *JSON_OUT, "--no-cache", cwd=tmp_path))
    assert without_timing(option) == without_timing(fresh)


def test_no_cache_writes_nothing(repo: Path, tmp_path: Path) -> None:
    data = report(run_cli(repo, *JSON_OUT, "--no-cache", cwd=tmp_path))
    assert not (repo / ".audit_cache").exists()
    assert "cache_hits" not in data["timing"]
    assert data["summary"]["files_analyzed"] == 4


def test_cache_dir_option_puts_the_cache_elsewhere(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "cache"
    report(run_cli(repo, *JSON_OUT, "--cache-dir", elsewhere, cwd=tmp_path))
    warm = report(run_cli(repo, *JSON_OUT, "--cache-dir", elsewhere, cwd=tmp_path))
    assert cached(warm) == (4, 0)
    assert not (repo / ".audit_cache").exists()
    assert (elsewhere / "results.sqlite3").is_file()


def test_a_corrupt_cache_file_is_discarded_with_one_warning(repo: Path, tmp_path: Path) -> None:
    fresh = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    db = repo / ".audit_cache" / "results.sqlite3"
    db.write_bytes(b"this is not a database\n" * 200)
    broken = run_cli(repo, *JSON_OUT, cwd=tmp_path)
    lines = broken.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("audit: warning: cache file ") and "corrupt" in lines[0], broken.err
    data = report(broken)
    assert cached(data) == (0, 4)
    assert without_timing(data) == without_timing(fresh)
    again = run_cli(repo, *JSON_OUT, cwd=tmp_path)  # the cache was rebuilt
    assert again.err == "" and cached(report(again)) == (4, 0)


def test_a_damaged_entry_is_not_trusted(repo: Path, tmp_path: Path) -> None:
    import sqlite3

    fresh = report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    with sqlite3.connect(repo / ".audit_cache" / "results.sqlite3") as con:
        con.execute("UPDATE results SET value = ? WHERE relpath = 'app/views.py'", (b"\x80\x05garbage",))
        con.execute("DELETE FROM audits")  # else the whole previous result is reused
    con.close()
    damaged = run_cli(repo, *JSON_OUT, cwd=tmp_path)
    assert damaged.err.startswith("audit: warning: cache file ") and len(damaged.err.splitlines()) == 1
    assert without_timing(report(damaged)) == without_timing(fresh)


def test_two_concurrent_runs_on_the_same_repository_both_succeed(repo: Path, tmp_path: Path) -> None:
    results = run_cli_many([((repo, *JSON_OUT), tmp_path), ((repo, *JSON_OUT), tmp_path)])
    first, second = (report(r) for r in results)
    assert all(r.err == "" for r in results)
    assert without_timing(first) == without_timing(second)
    assert cached(report(run_cli(repo, *JSON_OUT, cwd=tmp_path))) == (4, 0)


def test_a_cache_that_cannot_be_created_is_skipped_silently(repo: Path, tmp_path: Path) -> None:
    (repo / ".audit_cache").write_text("a file where the cache directory would go", encoding="utf-8")
    result = run_cli(repo, *JSON_OUT, cwd=tmp_path)
    assert result.err == ""
    assert "cache_hits" not in report(result)["timing"]
    verbose = run_cli(repo, *(a for a in JSON_OUT if a != "--quiet"), "--verbose", cwd=tmp_path)  # -q -v: exit 2
    assert "audit: note: cache off: cannot create" in verbose.err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_root_is_audited_without_a_cache(repo: Path, tmp_path: Path) -> None:
    fresh = report(run_cli(repo, *JSON_OUT, "--no-cache", cwd=tmp_path))
    for path in [repo, *repo.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    try:
        result = run_cli(repo, *JSON_OUT, cwd=tmp_path)
    finally:
        for path in [repo, *repo.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    assert result.err == ""
    assert without_timing(report(result)) == without_timing(fresh)
    assert not (repo / ".audit_cache").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the file away")
def test_a_cache_file_owned_by_someone_else_is_ignored(repo: Path, tmp_path: Path) -> None:
    report(run_cli(repo, *JSON_OUT, cwd=tmp_path))
    os.chown(repo / ".audit_cache" / "results.sqlite3", 65534, 65534)
    result = run_cli(repo, *JSON_OUT, cwd=tmp_path)
    assert result.err == ""
    assert "cache_hits" not in report(result)["timing"]  # not read, not written
