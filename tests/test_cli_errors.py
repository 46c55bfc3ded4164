"""Input errors through the real CLI: every one is exit code 2, exactly one line on stderr
naming the option or key and the bad value, no traceback, and no report written.

The configuration cases of tests/test_config.py (its BAD table) are not repeated here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import SHELL_CALL, CliResult, as_nobody, assert_usage_error, make_repo, run_cli, run_cli_many

from auditor.config import _KEYS as CONFIG_KEYS


class Case(NamedTuple):
    args: tuple[str, ...]  # "{repo}" and "{tmp}" are replaced by the case's directories
    needles: tuple[str, ...]  # what the error line must contain
    pyproject: str | bytes | None = None  # the repository's pyproject.toml


def toml(text: str) -> str:
    return "[tool.auditor]\n" + text + "\n"


CASES: dict[str, Case] = {
    # -- output ---------------------------------------------------------------------------
    "output in a missing directory": Case(("-f", "json", "-o", "{tmp}/missing/report.json"), ("--output", "missing")),
    "output directory in a missing directory": Case(("-f", "json,html", "-o", "{tmp}/missing/reports/"), ("--output", "missing")),
    "output below a file": Case(("-f", "json", "-o", "{repo}/run.py/report.json"), ("--output", "run.py")),
    "several formats to a file": Case(("-f", "json,html", "-o", "{repo}/run.py"), ("--output", "run.py", "directory")),
    "several formats to stdout": Case(("-f", "json,html", "-o", "-"), ("--output -", "one format")),
    "unknown format": Case(("-f", "json,xml"), ("--format", "'xml'")),
    "empty format": Case(("-f", ""), ("--format",)),
    # -- globs ----------------------------------------------------------------------------
    "exclude with a trailing backslash": Case(("--exclude", "build\\"), ("--exclude", "bad glob", "build")),
    "exclude with a reversed range": Case(("--exclude", "[z-a].py"), ("--exclude", "bad glob", "[z-a].py")),
    "exclude that is a bare negation": Case(("--exclude", "!"), ("--exclude", "bad glob", "'!'")),
    "config exclude with a bad glob": Case((), ("`exclude`", "bad glob", "[z-a]"), toml('exclude = ["[z-a]"]')),
    "per-file-ignores with a reversed range": Case(
        (), ("per-file-ignores", "bad glob", "[z-a]"), '[tool.auditor.per-file-ignores]\n"[z-a]" = ["B101"]\n'
    ),
    "per-file-ignores with a trailing backslash": Case(
        (), ("per-file-ignores", "bad glob", "tests"), '[tool.auditor.per-file-ignores]\n"tests\\\\" = ["B101"]\n'
    ),
    # -- rule ids -------------------------------------------------------------------------
    "unknown rule in --select": Case(("--select", "NOPE1"), ("--select", "NOPE1")),
    "unknown rule in --ignore": Case(("--ignore", "B602,NOPE1"), ("--ignore", "NOPE1")),
    # -- contradictions and bad values ----------------------------------------------------
    "quiet and verbose": Case(("-q", "-v"), ("--quiet", "--verbose")),
    "no cache and a cache directory": Case(("--no-cache", "--cache-dir", "{tmp}/cache"), ("--no-cache", "--cache-dir")),
    "cache directory that is a file": Case(("--cache-dir", "{repo}/run.py"), ("--cache-dir", "run.py", "not a directory")),
    "baseline file missing": Case(("--baseline", "{tmp}/nope.json"), ("--baseline", "nope.json", "not found")),
    "baseline that is a directory": Case(("--baseline", "{tmp}"), ("--baseline", "directory")),
    "fail-on bad value": Case(("--fail-on", "sometimes"), ("--fail-on", "sometimes")),
    "jobs zero": Case(("--jobs", "0"), ("--jobs", "0")),
    "jobs negative": Case(("-j", "-3"), ("--jobs", "-3")),
    "jobs not a number": Case(("-j", "many"), ("--jobs", "'many'")),
    "jobs=not a number": Case(("--jobs=many",), ("--jobs", "'many'")),
    "stage bad value": Case(("--stage", "huge"), ("--stage", "huge")),
    "advisories missing": Case(("--advisories", "{tmp}/osv"), ("--advisories", "osv")),
    "unknown option": Case(("--bogus",), ("--bogus",)),
    "changed-since outside git": Case(("--changed-since", "HEAD~1"), ("--changed-since",)),
    # -- paths ----------------------------------------------------------------------------
    "path does not exist": Case(("{tmp}/nothere",), ("not found", "nothere")),
    "path below a file": Case(("{repo}/run.py/inner",), ("not found", "inner")),
    "second path does not exist": Case(("{repo}", "{tmp}/nothere"), ("not found", "nothere")),
    "config that is a directory": Case(("--config", "{tmp}"), ("--config", "directory")),
    "init on a file": Case(("init", "{repo}/run.py"), ("not a directory", "run.py")),
    "advisories import of a missing path": Case(("advisories", "import", "{tmp}/osv.zip"), ("advisories import", "osv.zip")),
    # -- config values of the wrong type --------------------------------------------------
    "stage not a string": Case((), ("`stage`", "3"), toml("stage = 3")),
    "advisories not a string": Case((), ("`advisories`", "['a']"), toml('advisories = ["a"]')),
    "advisories missing path": Case((), ("`advisories`", "nope"), toml('advisories = "nope"')),
    "cache not a boolean": Case((), ("`cache`", "'yes'"), toml('cache = "yes"')),
    "cache-dir not a string": Case((), ("`cache-dir`", "1"), toml("cache-dir = 1")),
    "file-timeout not a number": Case((), ("`file-timeout`", "soon"), toml('file-timeout = "soon"')),
    "file-timeout negative": Case((), ("`file-timeout`", "-1"), toml("file-timeout = -1")),
    "pyproject not UTF-8": Case((), ("pyproject.toml", "utf-8"), b'[tool.auditor]\nstage = "\xff\xfe"\n'),
}
# Keys another change may not have brought yet: their cases are skipped, not failed.
OPTIONAL_KEYS = {"file-timeout"}


def _args(case: Case, repo: Path, tmp: Path) -> tuple[str, ...]:
    args = [a.replace("{repo}", str(repo)).replace("{tmp}", str(tmp)) for a in case.args]
    if not args or args[0].startswith("-"):
        args.insert(0, str(repo))
    return tuple(args)


class Run(NamedTuple):
    cwd: Path
    result: CliResult


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case once, in its own repository and empty working directory."""
    calls: list[tuple[tuple[str, ...], Path]] = []
    for name, case in CASES.items():
        files: dict[str, str | bytes] = {"run.py": SHELL_CALL}
        if case.pyproject is not None:
            files["pyproject.toml"] = case.pyproject
        repo = make_repo(tmp_path_factory.mktemp("repo"), files)
        cwd = tmp_path_factory.mktemp("cwd")
        calls.append((_args(case, repo, tmp_path_factory.mktemp("tmp")), cwd))
    results = run_cli_many([(args, cwd) for args, cwd in calls])
    return {name: Run(cwd, r) for name, (_, cwd), r in zip(CASES, calls, results)}


@pytest.mark.parametrize("name", list(CASES))
def test_input_error_is_one_line_and_exit_2(name: str, runs: dict[str, Run]) -> None:
    key = next((k for k in OPTIONAL_KEYS if f"`{k}`" in CASES[name].needles), None)
    if key is not None and key not in CONFIG_KEYS:
        pytest.skip(f"`{key}` is not a configuration key yet")
    cwd, result = runs[name]
    line = assert_usage_error(result, *CASES[name].needles)
    assert "internal error" not in line
    assert result.out == ""
    assert list(cwd.iterdir()) == []  # no report written


def test_baseline_command_output_in_a_missing_directory(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"run.py": SHELL_CALL})
    result = run_cli("baseline", repo, "-o", tmp_path / "missing" / "base.json", cwd=tmp_path)
    assert_usage_error(result, "--output", "missing")


def test_explain_an_unknown_rule(tmp_path: Path) -> None:
    assert_usage_error(run_cli("explain", "NOPE1", cwd=tmp_path), "NOPE1")


def test_a_valid_glob_that_python_warns_about_prints_nothing(tmp_path: Path) -> None:
    """`[[x]` is a fine gitignore pattern; Python's re warns "possible nested set" when it
    compiles one, which must not reach the user's terminal as a stray line."""
    repo = make_repo(tmp_path / "repo", {"run.py": SHELL_CALL})
    result = run_cli(repo, "-q", "--exclude", "[[x]", "-f", "json", "-o", tmp_path / "r.json", "--fail-on", "never", cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.err == ""


# -- an output directory the user cannot write to ------------------------------------------




@pytest.mark.parametrize(
    "formats, output",
    [("json", "locked/report.json"), ("json,html", "locked/"), ("json,html", "locked/reports/")],
    ids=["one file", "several into it", "several below it"],
)
def test_output_in_a_read_only_directory(shared_dir: Path, formats: str, output: str) -> None:
    prefix = as_nobody()
    if prefix is None:
        pytest.skip("running as root and neither setpriv nor runuser can switch to nobody")
    probe = subprocess.run([*prefix, sys.executable, "-c", "import auditor"], capture_output=True, cwd=shared_dir)
    if probe.returncode != 0:
        pytest.skip("user nobody cannot run this interpreter or import auditor from where it is installed")
    repo = make_repo(shared_dir / "repo", {"run.py": SHELL_CALL})
    locked = shared_dir / "locked"
    locked.mkdir()
    for p in [shared_dir, *shared_dir.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    locked.chmod(0o555)
    result = run_cli(repo, "-f", formats, "-o", shared_dir / output, "-j", "1", "--no-cache", cwd=shared_dir, prefix=tuple(prefix))
    assert_usage_error(result, "cannot write", str(locked), "Permission denied")
    assert list(locked.iterdir()) == []
