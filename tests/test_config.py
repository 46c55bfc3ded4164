"""`[tool.auditor]` in PATH/pyproject.toml and `--config FILE`, through the real CLI.

Every invocation is run once, concurrently, by the `runs` fixture; each gets a fresh copy
of the project and a working directory outside it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import (
    NO_HYGIENE,
    COMPLEX_FUNCTION,
    EVAL_CALL,
    SHELL_CALL,
    CliResult,
    assert_usage_error,
    found,
    make_repo,
    run_cli_many,
)

# A small project. Without configuration it reports BASELINE (rule, file, line).
BASE = {
    "app/__init__.py": "",
    "app/run.py": SHELL_CALL,  # B404 1 (low), B602 5 (high)
    "app/load.py": EVAL_CALL,  # B307 2 (medium)
    "app/cx.py": COMPLEX_FUNCTION,  # complexity 5: MNT001 only with threshold < 5
    "app/checks.py": "READY = True\nassert READY\n",  # B101 2 (low); not an argument check (ERR003)
    "legacy/old.py": SHELL_CALL + "\n\ndef load(text):\n    return eval(text)\n",  # B404 1, B602 5, B307 9
    "vendor/lib.py": EVAL_CALL,  # B307 2
    "tests/test_app.py": "def test_add():\n    assert 1 + 1 == 2\n",  # B101, ignored by default in tests
}
BASELINE = [
    ("B101", "app/checks.py", 2),
    ("B307", "app/load.py", 2),
    ("B307", "legacy/old.py", 9),
    ("B307", "vendor/lib.py", 2),
    ("B404", "app/run.py", 1),
    ("B404", "legacy/old.py", 1),
    ("B602", "app/run.py", 5),
    ("B602", "legacy/old.py", 5),
]


def toml(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class Case(NamedTuple):
    files: dict[str, str]  # added to BASE
    options: list[str]  # CLI options after PATH; "*.toml" names are made relative to the repo
    findings: list[tuple[str, str, int]]
    code: int


CASES: dict[str, Case] = {
    # A pyproject.toml without [tool.auditor] changes nothing.
    "baseline": Case(
        {"pyproject.toml": '[project]\nname = "demo"\n\n[tool.black]\nline-length = 100\n'}, [], BASELINE, 1
    ),
    "every key": Case(
        {
            "pyproject.toml": toml(
                """
                [project]
                name = "demo"

                [tool.auditor]
                ignore = ["B404"]
                exclude = ["vendor/"]
                fail-on = "critical"

                [tool.auditor.per-file-ignores]
                "legacy/**" = ["B6"]

                [tool.auditor.severity]
                B307 = "critical"

                [tool.auditor.options.MNT001]
                threshold = 3
                """
            )
        },
        [],
        [
            ("B101", "app/checks.py", 2),
            ("B307", "app/load.py", 2),
            ("B307", "legacy/old.py", 9),  # legacy/** ignores only B6xx
            ("B602", "app/run.py", 5),
            ("MNT001", "app/cx.py", 1),
        ],
        1,  # B307 is now critical; nothing else would fail the critical gate
    ),
    "select, fail-on never": Case(
        {"pyproject.toml": '[tool.auditor]\nselect = ["B602", "maintainability"]\nfail-on = "never"\n'},
        [],
        [("B602", "app/run.py", 5), ("B602", "legacy/old.py", 5)],
        0,  # B602 is high
    ),
    # --select replaces the config's select (so no B101), the config's ignore still applies
    # (no B404), --exclude adds to the config's exclude (neither vendor/ nor legacy/),
    # --fail-on replaces the config's.
    "cli merges with config": Case(
        {"pyproject.toml": '[tool.auditor]\nselect = ["B1"]\nignore = ["B404"]\nexclude = ["vendor/"]\nfail-on = "never"\n'},
        ["--select", "B4,B3", "--exclude", "legacy/", "--fail-on", "medium"],
        [("B307", "app/load.py", 2)],
        1,
    ),
    "config file wins over pyproject": Case(
        {
            "pyproject.toml": '[tool.auditor]\nselect = ["B307"]\n',
            "ci/audit.toml": '[tool.auditor]\nselect = ["B602", "B101"]\n',
        },
        ["--config", "ci/audit.toml"],
        [("B101", "app/checks.py", 2), ("B602", "app/run.py", 5), ("B602", "legacy/old.py", 5)],
        1,
    ),
    "config file with bare keys": Case(
        {"audit.toml": 'select = "B101, B404"\n'},  # a comma-separated string works too
        ["--config", "audit.toml"],
        [("B101", "app/checks.py", 2), ("B404", "app/run.py", 1), ("B404", "legacy/old.py", 1)],
        0,
    ),
    "severity downgrade": Case(
        {"pyproject.toml": '[tool.auditor.severity]\nB602 = "low"\nB307 = "LOW"\n'}, [], BASELINE, 0
    ),
}

BAD: dict[str, tuple[str, list[str]]] = {
    # name: (pyproject.toml text, strings the error line must contain)
    "unknown key": ('[tool.auditor]\nselct = ["B602"]\n', ["selct"]),
    "select wrong type": ("[tool.auditor]\nselect = 3\n", ["select"]),
    "exclude wrong item type": ("[tool.auditor]\nexclude = [1, 2]\n", ["exclude"]),
    "fail-on wrong type": ("[tool.auditor]\nfail-on = 3\n", ["fail-on"]),
    "fail-on bad value": ('[tool.auditor]\nfail-on = "sometimes"\n', ["fail-on", "sometimes"]),
    "malformed toml": ('[tool.auditor\nselect = ["B602"\n', ["pyproject.toml", "TOML"]),
    "tool.auditor not a table": ("[tool]\nauditor = 3\n", ["tool.auditor"]),
    "severity bad value": ('[tool.auditor.severity]\nB602 = "urgent"\n', ["severity.B602", "urgent"]),
    "severity unknown rule": ('[tool.auditor.severity]\nNOPE1 = "high"\n', ["severity.NOPE1"]),
    "severity not a table": ('[tool.auditor]\nseverity = "high"\n', ["severity"]),
    "per-file-ignores wrong type": ('[tool.auditor.per-file-ignores]\n"tests/**" = "B101"\n', ["per-file-ignores"]),
    "per-file-ignores unknown rule": ('[tool.auditor.per-file-ignores]\n"tests/**" = ["NOPE1"]\n', ["NOPE1"]),
    "select unknown rule": ('[tool.auditor]\nselect = ["NOPE1"]\n', ["NOPE1"]),
    "unknown option": ("[tool.auditor.options.MNT001]\nlimit = 3\n", ["options.MNT001.limit"]),
    "option wrong type": ('[tool.auditor.options.MNT001]\nthreshold = "3"\n', ["options.MNT001.threshold"]),
    "option bool for int": ("[tool.auditor.options.MNT001]\nthreshold = true\n", ["options.MNT001.threshold"]),
    "options for an unknown rule": ("[tool.auditor.options.NOPE1]\nthreshold = 3\n", ["options.NOPE1"]),
}


class Run(NamedTuple):
    cwd: Path
    result: CliResult


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case run once. The working directories hold a pyproject.toml of their own, which
    must be ignored: the configuration is the one in PATH."""
    stray = '[tool.auditor]\nselect = ["NOPE"]\n'
    calls: list[tuple[tuple, Path]] = []
    names: list[str] = []
    for name, case in CASES.items():
        repo = make_repo(tmp_path_factory.mktemp("config"), {**BASE, **case.files})
        options = [str(repo / o) if o.endswith(".toml") else o for o in case.options]
        cwd = make_repo(tmp_path_factory.mktemp("cwd"), {"pyproject.toml": stray})
        calls.append(((repo, "-q", "-f", "json", "-o", "-", "-j", "1", *options, *NO_HYGIENE), cwd))
        names.append(name)
    for name, (text, _) in BAD.items():
        repo = make_repo(tmp_path_factory.mktemp("bad"), {"run.py": SHELL_CALL, "pyproject.toml": text})
        calls.append(((repo, "-j", "1"), tmp_path_factory.mktemp("cwd")))
        names.append(f"bad: {name}")
    calls.append(((calls[0][0][0], "--config", "missing.toml"), tmp_path_factory.mktemp("cwd")))
    names.append("bad: missing config file")
    return {name: Run(cwd, r) for name, (_, cwd), r in zip(names, calls, run_cli_many(calls))}


def report_of(runs: dict[str, Run], name: str) -> dict:
    code, out, err = runs[name].result
    assert code in (0, 1), err
    return json.loads(out)


# The rules this fixture is written for; other rules (dead code, tooling, ...) may fire on
# such a small project too, and are not what these cases are about.
KNOWN = {"B101", "B307", "B404", "B602", "MNT001"}


@pytest.mark.parametrize("case", list(CASES))
def test_config_decides_the_findings(case: str, runs: dict[str, Run]) -> None:
    assert [f for f in found(report_of(runs, case)) if f[0] in KNOWN] == CASES[case].findings


@pytest.mark.parametrize("case", list(CASES))
def test_config_decides_the_exit_code(case: str, runs: dict[str, Run]) -> None:
    assert runs[case].result.code == CASES[case].code


def test_per_rule_options_make_a_small_function_fire(runs: dict[str, Run]) -> None:
    (mnt,) = [f for f in report_of(runs, "every key")["findings"] if f["rule"] == "MNT001"]
    assert "`classify`" in mnt["message"]
    assert "complexity 5" in mnt["message"]
    assert "threshold 3" in mnt["message"]
    assert mnt["severity"] == "medium"
    assert not found(report_of(runs, "baseline"), "MNT001")


def test_severity_override_changes_the_finding(runs: dict[str, Run]) -> None:
    report = report_of(runs, "every key")
    assert {f["severity"] for f in report["findings"] if f["rule"] == "B307"} == {"critical"}
    assert report["summary"]["by_severity"]["critical"] == 2
    assert report["findings"][0]["rule"] == "B307"  # sorted first now


def test_severity_downgrade(runs: dict[str, Run]) -> None:
    report = report_of(runs, "severity downgrade")
    # B602 and B307 downgraded; B404 is info already (taint: no request data in the file)
    assert {f["severity"] for f in report["findings"] if f["rule"] != "B404"} == {"low"}
    assert report["summary"]["by_severity"]["high"] == 0


@pytest.mark.parametrize("case", [*BAD, "missing config file"])
def test_bad_config_is_one_line_and_exit_2(case: str, runs: dict[str, Run]) -> None:
    cwd, result = runs[f"bad: {case}"]
    needles = BAD[case][1] if case in BAD else ["missing.toml"]
    assert_usage_error(result, *needles)
    assert result.out == ""
    assert list(cwd.iterdir()) == []  # no report written
