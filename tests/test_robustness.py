"""Hostile and broken repositories, with the real CLI in a subprocess: the audit never runs
the audited code, never uses the network, reports every bad file with a reason and still
gives a verdict, and gives the same bytes twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import NO_HYGIENE, EVAL_CALL, SHELL_CALL, CliResult, as_nobody, found, make_repo, run_cli, run_cli_many

JSON_OUT = ("-q", "-f", "json", "-o", "-", "--fail-on", "never", *NO_HYGIENE)
_ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}


def run_prefixed(prefix: list[str], *args: str | os.PathLike[str], cwd: str | os.PathLike[str]) -> CliResult:
    """The CLI as `run_cli` runs it, under a wrapper command (`unshare -n`, `setpriv ...`)."""
    return run_cli(*args, cwd=cwd, prefix=tuple(prefix))


def report_of(result: CliResult) -> dict[str, Any]:
    """The JSON report of a run that completed with a verdict, without a traceback."""
    assert "Traceback" not in result.out + result.err, result.err
    assert result.code in (0, 1), f"exit {result.code}: {result.err}"
    return json.loads(result.out)


def errors_by_file(report: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for e in report["errors"]:
        out.setdefault(e["file"], []).append((e["kind"], e["message"]))
    return out


def without_timing(report: dict[str, Any]) -> dict[str, Any]:
    """The report less its `timing` object, the one part that may differ run to run."""
    return {k: v for k, v in report.items() if k != "timing"}


# -- 1. the audited code is never run or imported ------------------------------------------


def _trap(marker: Path, name: str, exit_call: str) -> str:
    """Code that leaves `marker/name` behind and ends the process if it is ever run."""
    return (
        "import os, sys\n"
        f"open({str(marker / name)!r}, 'w').write('ran')\n"
        f"{exit_call}\n"
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile")
    marker = root / "markers"
    marker.mkdir()
    repo = root / "repo"
    traps = {
        "setup.py": "sys.exit(3)",
        "conftest.py": "os._exit(3)",
        "manage.py": "sys.exit(3)",
        "sitecustomize.py": "os._exit(3)",
        "usercustomize.py": "os._exit(3)",
        "__main__.py": "sys.exit(3)",
        "pkg/__init__.py": "sys.exit(3)",
        "pkg/mod.py": "os._exit(3)",
        # named like the standard library: with the repository on sys.path they would
        # shadow what the auditor imports (json for the report, typing everywhere)
        "json.py": "sys.exit(3)",
        "typing.py": "os._exit(3)",
        "tokenize.py": "os._exit(3)",
    }
    files: dict[str, str | bytes] = {
        rel: _trap(marker, rel.replace("/", "_"), call) for rel, call in traps.items()
    }
    files["app.py"] = EVAL_CALL
    make_repo(repo, files)
    return repo, marker


def test_the_audited_code_is_never_run_nor_imported(hostile: tuple[Path, Path]) -> None:
    repo, marker = hostile
    # cwd is the repository: `python -m` would put it first on sys.path
    report = report_of(run_cli(repo, *JSON_OUT, "-j", "2", cwd=repo))
    assert sorted(p.name for p in marker.iterdir()) == []
    assert ("B307", "app.py", 2) in found(report)
    assert report["summary"]["files_analyzed"] == 12  # every trap was read, as text
    assert report["errors"] == []


def test_the_audited_code_is_never_run_with_one_job(hostile: tuple[Path, Path]) -> None:
    repo, marker = hostile
    report = report_of(run_cli(repo, *JSON_OUT, "-j", "1", cwd=repo))
    assert list(marker.iterdir()) == []
    assert ("B307", "app.py", 2) in found(report)


# -- 2. no network -------------------------------------------------------------------------

NETWORK_AT_IMPORT = """\
import urllib.request

import requests

PAGE = requests.get("http://example.com/")
DATA = urllib.request.urlopen("http://example.com/").read()
"""


def test_the_audit_works_without_a_network(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -n is not available here: {probe.stderr.strip()}")
    repo = make_repo(tmp_path / "repo", {"net.py": NETWORK_AT_IMPORT, "ok.py": SHELL_CALL})
    offline = report_of(run_prefixed(["unshare", "-n"], repo, *JSON_OUT, "-j", "1", cwd=repo))
    online = report_of(run_cli(repo, *JSON_OUT, "-j", "1", cwd=repo))
    assert offline["findings"], "the network-using file should have findings (timeout, urlopen)"
    assert ("PERF002", "net.py", 5) in found(offline)
    assert without_timing(offline) == without_timing(online)


# -- 3. bad files --------------------------------------------------------------------------


def _deep_plus(terms: int) -> str:
    """A long `1 + 1 + ...`: CPython parses it, but its tree is `terms` levels deep. The
    `global` keeps a libcst rule (MNT014) open, so libcst's tree is walked at all."""
    return "x = " + " + ".join(["1"] * terms) + "\n\n\ndef load(text):\n    global x\n    return eval(text)\n"


BAD_FILES: dict[str, str | bytes] = {
    "good.py": EVAL_CALL,  # B307 at 2
    "shell.py": SHELL_CALL,  # B404 at 1, B602 at 5
    "py2.py": 'print "x"\n',
    "binary.py": bytes(range(1, 256)) * 16,  # no NUL byte: nul.py in test_discovery has one
    "parens.py": "x = " + "(" * 2000 + "1" + ")" * 2000 + "\n",  # crashed libcst's native parser
    "lists.py": "x = " + "[" * 1000 + "]" * 1000 + "\n",
    "nots.py": "x = " + "not " * 20000 + "1\n",  # so did this, with no bracket at all
    # newer syntax than Python 3.11 reads, so CPython's parser cannot vouch for the depth
    "nots_py312.py": "type Alias = int\nx = " + "not " * 20000 + "1\n",
    "ifs.py": "".join("    " * i + "if x:\n" for i in range(100)) + "    " * 100 + "pass\n",
    "ifs99.py": "".join(" " * i + "if x:\n" for i in range(99)) + " " * 99 + "eval(x)\n",  # deep, legal
    "deep_plus.py": _deep_plus(1500),  # legal; too deep for the recursive visitors
    "tabs.py": "def load(text):\n\tif text:\n\t\treturn eval(text)\n\treturn None\n",  # B307 at 3
    "mixed_tabs.py": "def f(x):\n\tif x:\n\t\treturn 1\n        return 2\n",  # a TabError in Python 3
    "cr_only.py": SHELL_CALL.replace("\n", "\r").encode(),  # B404 at 1, B602 at 5
}


@pytest.fixture(scope="module")
def bad_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("bad"), BAD_FILES)
    fd = os.open(os.path.join(os.fsencode(repo), b"caf\xe9.py"), os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, EVAL_CALL.encode())
    os.close(fd)
    return repo


@pytest.fixture(scope="module")
def bad_run(bad_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """One run over all the bad files, in worker processes, writing JSON and HTML."""
    out = tmp_path_factory.mktemp("bad-out")
    result = run_cli(bad_repo, "-q", "-f", "json,html", "-o", out, "-j", "2", "--fail-on", "never", cwd=bad_repo)
    assert result.code == 0, result.err
    assert "Traceback" not in result.out + result.err, result.err
    return json.loads((out / "audit-report.json").read_text(encoding="utf-8")), out


def test_bad_files_do_not_stop_the_good_ones(bad_run: tuple[dict[str, Any], Path]) -> None:
    report, _ = bad_run
    findings = found(report)
    for expected in [
        ("B307", "good.py", 2),
        ("B404", "shell.py", 1),
        ("B602", "shell.py", 5),
        ("B307", "tabs.py", 3),
        ("B404", "cr_only.py", 1),
        ("B602", "cr_only.py", 5),
        ("B307", "ifs99.py", 100),
    ]:
        assert expected in findings


@pytest.mark.parametrize(
    "name, kind, words",
    [
        ("py2.py", "parse-error", "print"),
        ("binary.py", "decode-error", "utf-8"),
        ("parens.py", "parse-error", "nesting too deep"),
        ("lists.py", "parse-error", "nesting too deep"),
        ("nots.py", "parse-error", "nesting too deep"),
        ("nots_py312.py", "parse-error", "nesting too deep"),
        ("ifs.py", "parse-error", "indentation"),
        ("mixed_tabs.py", "parse-error", "tabs and spaces"),
    ],
)
def test_a_bad_file_is_one_error_with_its_reason(
    bad_run: tuple[dict[str, Any], Path], name: str, kind: str, words: str
) -> None:
    report, _ = bad_run
    entries = errors_by_file(report)[name]
    assert len(entries) == 1, entries
    assert entries[0][0] == kind
    assert words in entries[0][1]
    assert not found(report, file=name)


def test_too_deep_for_the_visitors_is_reported_per_analyzer(bad_run: tuple[dict[str, Any], Path]) -> None:
    """In a worker process, the recursion limit hit by the rule visitors, radon and bandit
    on one file is an error entry each; the file's other analysis and other files go on."""
    report, _ = bad_run
    entries = errors_by_file(report)["deep_plus.py"]
    assert ("parse-error", "nesting too deep for the rule visitors") in entries
    crashed = {e["rule"] for e in report["errors"] if e["file"] == "deep_plus.py" and e["kind"] == "rule-crash"}
    assert "bandit" in crashed
    assert all("nesting too deep" in message for _, message in entries)
    assert ("B307", "good.py", 2) in found(report)


def test_files_that_parse_are_counted(bad_run: tuple[dict[str, Any], Path]) -> None:
    report, _ = bad_run
    # good, shell, ifs99, deep_plus, tabs, cr_only and the file with a non-UTF-8 name
    assert report["summary"]["files_analyzed"] == 7


def test_a_non_utf8_file_name_is_readable_in_json_and_html(bad_run: tuple[dict[str, Any], Path]) -> None:
    report, out = bad_run
    assert ("B307", "caf\ufffd.py", 2) in found(report)
    html = (out / "audit-report.html").read_text(encoding="utf-8")
    assert "caf\ufffd.py" in html
    assert "\udce9" not in html


def test_a_multi_megabyte_generated_file_is_analysed(tmp_path: Path) -> None:
    line = 'VALUE_{:06d} = "' + "x" * 100 + '"\n'
    count = 3 * 1024 * 1024 // len(line.format(0)) + 1
    text = "".join(line.format(i) for i in range(count)) + "\n\ndef load(text):\n    return eval(text)\n"
    repo = make_repo(tmp_path / "repo", {"generated.py": text, "good.py": EVAL_CALL})
    start = time.perf_counter()
    report = report_of(run_cli(repo, *JSON_OUT, "-j", "1", cwd=repo))
    print(f"3 MiB generated file ({count} lines): {time.perf_counter() - start:.1f} s")
    assert report["errors"] == []
    assert ("B307", "generated.py", count + 4) in found(report)
    assert report["summary"]["lines_analyzed"] == count + 4 + 2


def test_a_file_over_the_size_limit_is_skipped_with_a_reason(tmp_path: Path) -> None:
    from auditor.engine import Plan

    limit = Plan(libcst_rules=(), file_rules=(), bandit_tests=(), engine_rules=()).max_file_bytes
    repo = make_repo(tmp_path / "repo", {"good.py": EVAL_CALL})
    with open(repo / "huge.py", "wb") as fh:
        fh.write(b"x = 1\n" * (limit // 6 + 1))
    report = report_of(run_cli(repo, *JSON_OUT, "-j", "1", cwd=repo))
    [(kind, message)] = errors_by_file(report)["huge.py"]
    assert kind == "skipped"
    assert "limit" in message and "KiB" in message
    assert found(report) == [("B307", "good.py", 2)]


def test_a_file_that_vanished_after_discovery_is_a_read_error(tmp_path: Path) -> None:
    """Deleting a file between the walk and the read cannot be staged through the CLI
    without a hook; the engine's per-file step is called directly on a discovered file
    that is then removed."""
    from auditor.discovery import discover
    from auditor.engine import FileTask, Plan, Worker, analyze_file

    repo = make_repo(tmp_path / "repo", {"gone.py": EVAL_CALL})
    [entry], _ = discover(repo, [])
    (repo / "gone.py").unlink()
    state = Worker(Plan(libcst_rules=(), file_rules=(), bandit_tests=("B307",), engine_rules=()))
    result = analyze_file(FileTask(entry.path, entry.relpath), state)
    assert [(e.file, e.kind.value, e.message) for e in result.errors] == [
        ("gone.py", "read-error", "No such file or directory")
    ]
    assert result.findings == () and not result.analyzed


# -- unreadable files and directories, as a normal user ------------------------------------




def test_unreadable_files_and_directories_are_reported(shared_dir: Path) -> None:
    prefix = as_nobody()
    if prefix is None:
        pytest.skip("running as root and neither setpriv nor runuser can switch to nobody")
    probe = subprocess.run([*prefix, sys.executable, "-c", "import auditor"], capture_output=True, cwd=shared_dir)
    if probe.returncode != 0:  # e.g. the checkout (and its venv) lies in a directory private to root
        pytest.skip("user nobody cannot run this interpreter or import auditor from where it is installed")
    repo = make_repo(shared_dir / "repo", {"good.py": EVAL_CALL, "secret.py": EVAL_CALL, "locked/mod.py": EVAL_CALL})
    for p in [repo, *repo.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    (repo / "secret.py").chmod(0o000)
    (repo / "locked").chmod(0o000)
    report = report_of(run_prefixed(prefix, repo, *JSON_OUT, "-j", "1", cwd=repo))
    errs = errors_by_file(report)
    assert errs["secret.py"] == [("read-error", "Permission denied")]
    assert errs["locked"] == [("read-error", "Permission denied")]
    assert found(report) == [("B307", "good.py", 2)]


# -- 4. deterministic output ---------------------------------------------------------------


def test_two_runs_give_byte_identical_json_and_sarif(tmp_path: Path) -> None:
    """Twice in worker processes (enough source for auditor.pool to start them; files are
    handed out largest first and come back in any order) and once in-process: the same
    bytes, apart from JSON's `timing` object, the last key."""

    def padding(n: int) -> str:
        return "".join(f"def helper_{k}(value):\n    return value * {k}\n\n\n" for k in range(n))

    files: dict[str, str | bytes] = {
        f"pkg/m{i:02d}.py": padding(120 * i) + (SHELL_CALL if i % 2 else EVAL_CALL) for i in range(12)
    }
    files["pkg/__init__.py"] = "from pkg import m00, m01\n"
    files["bad.py"] = 'print "x"\n'
    files["pkg/twice.py"] = EVAL_CALL + "\n\n" + EVAL_CALL.replace("load", "load2")
    repo = make_repo(tmp_path / "repo", files)
    assert sum(len(v) for v in files.values()) > 256 * 1024  # auditor.pool.IN_PROCESS_BYTES
    outs = [tmp_path / name for name in ("a", "b", "c")]
    args = ("-q", "-f", "json,sarif", "--fail-on", "never", "--no-cache", *NO_HYGIENE)
    runs = run_cli_many([((repo, *args, "-o", out, "-j", jobs), repo) for out, jobs in zip(outs, ("2", "2", "1"))])
    for run in runs:
        assert run.code == 0 and "Traceback" not in run.err, run.err
    texts = [(out / "audit-report.json").read_bytes() for out in outs]
    report = json.loads(texts[0])
    assert report["findings"] and report["errors"]
    assert report["summary"]["files_analyzed"] == 14
    assert all(b'"timing"' in t for t in texts)
    assert len({t.split(b'"timing"')[0] for t in texts}) == 1
    assert len({(out / "audit-report.sarif").read_bytes() for out in outs}) == 1
