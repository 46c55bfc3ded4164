"""The command line as a user runs it: `python -m auditor ...` on real files in temp dirs.

Every invocation of this module is listed in CASES and run once, concurrently, before the
tests look at the results (each run is a separate process with its own empty working
directory); the tests below are grouped by the part of the contract they check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import NO_HYGIENE, EVAL_CALL, SHELL_CALL, CliResult, assert_usage_error, found, make_repo, run_cli_many

CATEGORIES = [
    "security",
    "performance",
    "scalability",
    "error-handling",
    "observability",
    "architecture",
    "maintainability",
    "testing",
    "dependencies",
    "deployment",
]
SEVERITIES = ["critical", "high", "medium", "low", "info"]

# --- the repositories ------------------------------------------------------------------

SWALLOW = """\
def f(g):
    try:
        g()
    except Exception:
        pass
"""  # ERR001 (medium) at line 4; bandit's B110 too when ERR001 is not selected

REPORT_REPO = {
    "pkg/__init__.py": "",
    "pkg/run.py": SHELL_CALL,  # B404 line 1, B602 line 5
    "pkg/load.py": EVAL_CALL,  # B307 line 2
    "broken.py": "def f(:\n    pass\n",  # does not parse
}
EDITED_RUN = '"""Docs."""\n\nimport os\n' + SHELL_CALL.replace("import subprocess\n", "import subprocess  # noqa\n")

SUPPRESSED = {
    "ignored.py": SHELL_CALL.replace("shell=True)", "shell=True)  # audit: ignore[B602]"),
    # B307 and B602 on one line, both suppressed by one comment.
    "both.py": """\
        import subprocess


        def run(cmd):
            return eval(subprocess.check_output(cmd, shell=True))  # audit: ignore[B307, B602]
        """,
    "nosec.py": SHELL_CALL.replace("shell=True)", "shell=True)  # nosec"),
    "nosec_id.py": SHELL_CALL.replace("shell=True)", "shell=True)  # nosec B602"),
    "nosec_other_id.py": SHELL_CALL.replace("shell=True)", "shell=True)  # nosec B101"),
    "stale.py": "value = 1  # audit: ignore[B602]\n",
    # B602 is suppressed; B404 is not on this line, so that half of the comment is stale.
    "half_stale.py": SHELL_CALL.replace("shell=True)", "shell=True)  # audit: ignore[B602, B404]"),
    # The marker inside a string is not a comment and suppresses nothing.
    "in_string.py": """\
        def run(cmd):
            return eval("# audit: ignore[B307]" + cmd)
        """,
    # A suppression on another line does not reach the finding.
    "wrong_line.py": """\
        # audit: ignore[B307]
        def load(text):
            return eval(text)
        """,
}

REPOS: dict[str, dict[str, str]] = {
    "shell": {"app.py": SHELL_CALL},  # B404 (low) line 1, B602 (high) line 5
    "mixed": {
        "shell.py": SHELL_CALL,  # B404 low line 1, B602 high line 5
        "load.py": EVAL_CALL,  # B307 medium line 2
        "swallow.py": SWALLOW,  # ERR001 medium (or B110 low without ERR001), line 4
        "a.py": "import b\n",  # ARC001 medium: a <-> b
        "b.py": "import a\n",
    },
    "report": REPORT_REPO,
    "edited": {**REPORT_REPO, "pkg/run.py": EDITED_RUN},
    "suppressed": SUPPRESSED,
}

# --- the invocations -------------------------------------------------------------------

R = "<repo>"  # replaced by the repository's path
JSON_OUT = ["-q", "-f", "json", "-o", "-", "-j", "1"]

OUTPUT_CASES: dict[str, tuple[str, list[str]]] = {
    "default": ("shell", [R, "-j", "1"]),
    "json to a file": ("shell", [R, "--format", "json", "--output", "out.json", "-j", "1"]),
    "check, several formats to a directory, quiet": (
        "shell",
        ["check", R, "-f", "html,json,text", "-o", "reports", "-q", "-j", "1"],
    ),
    "json to stdout": ("shell", [R, "--format", "json", "-o", "-", "-j", "1"]),
    "one format to a new directory": ("shell", [R, "-f", "json", "-o", "reports/", "-q", "-j", "1"]),
    "version": ("shell", ["--version"]),
}

USAGE_ERRORS: dict[str, tuple[list[str], list[str]]] = {
    # name: (args, strings the one error line must contain)
    "unknown option": ([R, "--bogus"], ["--bogus"]),
    "bad option value": ([R, "--jobs", "many"], ["--jobs"]),
    "zero jobs": ([R, "--jobs", "0"], ["--jobs"]),
    "bad format": ([R, "--format", "xml"], ["xml"]),
    "bad format in a list": ([R, "--format", "json,pdf", "-o", "x"], ["pdf"]),
    "bad fail-on": ([R, "--fail-on", "severe"], ["--fail-on", "severe"]),
    "unknown id in select": ([R, "--select", "NOPE999", "-f", "json,text", "-o", "reports"], ["--select", "NOPE999"]),
    "unknown id in ignore": ([R, "--ignore", "B602,XYZ"], ["--ignore", "XYZ"]),
    "two formats to stdout": ([R, "-f", "json,text", "-o", "-"], ["-"]),
    "missing path": ([R, "does/not/exist"], ["does/not/exist"]),
    # nothing is created for a run that cannot happen
    "missing path with an output directory": ([R, "nope", "-f", "json,text", "-o", "reports"], ["nope"]),
    "missing output directory": ([R, "-f", "json", "-o", "missing/out.json"], ["missing"]),
    "missing parent of the output directory": ([R, "-f", "json,text", "-o", "missing/deeper"], ["missing"]),
    "rules: bad format": (["rules", "--format", "yaml"], ["yaml"]),
    "explain: unknown rule": (["explain", "NOPE"], ["NOPE"]),
}

# ERR001 supersedes bandit's B110 on the same line: B110 shows only when ERR001 does not run.
ALL_MIXED = {"ARC001", "B307", "B404", "B602", "ERR001"}
SELECTIONS: dict[str, tuple[list[str], set[str], int]] = {
    # name: (options, rule ids in the findings, exit code)
    # The selected findings' highest severity and --fail-on decide the exit code.
    "nothing (highest: high; default fail-on high)": ([], ALL_MIXED, 1),
    "select an id (high; fail-on critical)": (["--select", "B602", "--fail-on", "critical"], {"B602"}, 0),
    "select prefixes (high; fail-on high)": (["--select", "B6,ERR", "--fail-on", "high"], {"B602", "ERR001"}, 1),
    "select a category (high; fail-on never)": (
        ["--select", "security", "--fail-on", "never"],
        {"B110", "B307", "B404", "B602"},
        0,
    ),
    "select a category and an id, lowercase (medium; default fail-on)": (
        ["--select", "error-handling,arc001"],
        {"ERR001", "ARC001"},
        0,
    ),
    "ignore an id and a prefix, repeated option (medium; fail-on medium)": (
        ["--ignore", "B602", "--ignore", "ERR", "--fail-on", "medium"],
        ALL_MIXED - {"B602", "ERR001"} | {"B110"},
        1,
    ),
    "ignore categories (medium; fail-on info)": (["--ignore", "security,error-handling", "--fail-on", "info"], {"ARC001"}, 1),
    "select and ignore (low; fail-on medium)": (
        ["--select", "security", "--ignore", "B3,B6", "--fail-on", "medium"],
        {"B110", "B404"},
        0,
    ),
    "select ids (low; fail-on low)": (["--select", "B110,B404", "--fail-on", "low"], {"B110", "B404"}, 1),
}

DOC_CASES = {
    "rules": ["rules"],
    "rules json": ["rules", "--format", "json"],
    "explain": ["explain", "MNT001"],
    "explain json": ["explain", "MNT001", "--format", "json"],
}

REPORT_CASES = {
    "report": ("report", [R, *JSON_OUT]),
    "report again": ("report", [R, *JSON_OUT]),
    "edited": ("edited", [R, *JSON_OUT]),
    "suppressed": ("suppressed", [R, *JSON_OUT]),
}


class Run(NamedTuple):
    cwd: Path  # the working directory of the run, empty before it
    result: CliResult


def _all_cases() -> dict[str, tuple[str | None, list[str]]]:
    cases: dict[str, tuple[str | None, list[str]]] = {}
    cases.update(OUTPUT_CASES)
    cases.update({f"usage: {k}": ("shell", args) for k, (args, _) in USAGE_ERRORS.items()})
    cases.update({f"select: {k}": ("mixed", [R, *JSON_OUT, *opts]) for k, (opts, _, _) in SELECTIONS.items()})
    cases.update({f"doc: {k}": (None, args) for k, args in DOC_CASES.items()})
    cases.update(REPORT_CASES)
    return cases


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    repos = {name: make_repo(tmp_path_factory.mktemp(name), files) for name, files in REPOS.items()}
    cases = _all_cases()
    cwds = {name: tmp_path_factory.mktemp("cwd") for name in cases}
    calls = [
        (tuple(str(repos[repo]) if a == R else a for a in args) + (NO_HYGIENE if R in args else ()), cwds[name])
        for name, (repo, args) in cases.items()
    ]
    return {name: Run(cwds[name], r) for name, r in zip(cases, run_cli_many(calls))}


def report_of(runs: dict[str, Run], name: str) -> dict:
    code, out, err = runs[name].result
    assert code in (0, 1), err
    return json.loads(out)


# --- the audit command and its outputs -------------------------------------------------


def test_default_command_writes_html_in_working_directory_and_prints_summary(runs: dict[str, Run]) -> None:
    cwd, (code, out, err) = runs["default"]
    assert code == 1  # B602 is high, the default --fail-on
    assert [p.name for p in cwd.iterdir()] == ["audit-report.html"]
    html = (cwd / "audit-report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "B602" in html
    # The terminal summary: the top findings with file:line, the report path, the gate.
    assert "B602" in out and "app.py:5" in out
    assert "B404" in out and "app.py:1" in out
    assert "report: audit-report.html" in out
    assert re.search(r"gate: 1 finding.* high", out)
    assert err == ""


def test_json_format_to_a_named_file(runs: dict[str, Run]) -> None:
    cwd, (code, out, err) = runs["json to a file"]
    assert code == 1
    assert [p.name for p in cwd.iterdir()] == ["out.json"]  # only the format asked for
    report = json.loads((cwd / "out.json").read_text(encoding="utf-8"))
    assert found(report) == [("B404", "app.py", 1), ("B602", "app.py", 5)]
    assert "app.py:5" in out  # the summary is still printed
    assert "report: out.json" in out


def test_check_subcommand_several_formats_to_a_directory_quietly(runs: dict[str, Run]) -> None:
    cwd, (code, out, err) = runs["check, several formats to a directory, quiet"]
    assert code == 1, err
    assert out == "" and err == ""  # --quiet: no summary
    reports = cwd / "reports"
    assert [p.name for p in cwd.iterdir()] == ["reports"]
    assert sorted(p.name for p in reports.iterdir()) == ["audit-report.html", "audit-report.json", "audit-report.txt"]
    assert found(json.loads((reports / "audit-report.json").read_text(encoding="utf-8"))) == [
        ("B404", "app.py", 1),
        ("B602", "app.py", 5),
    ]
    text = (reports / "audit-report.txt").read_text(encoding="utf-8")
    assert "B602" in text and "app.py:5" in text
    assert "B602" in (reports / "audit-report.html").read_text(encoding="utf-8")


def test_json_to_stdout_moves_the_summary_to_stderr(runs: dict[str, Run]) -> None:
    cwd, (code, out, err) = runs["json to stdout"]
    assert code == 1
    report = json.loads(out)  # stdout is the report and nothing else
    assert found(report) == [("B404", "app.py", 1), ("B602", "app.py", 5)]
    assert "app.py:5" in err and re.search(r"gate: 1 finding", err)
    assert list(cwd.iterdir()) == []  # no file written


def test_one_format_to_a_directory_named_with_a_slash(runs: dict[str, Run]) -> None:
    cwd, (code, out, err) = runs["one format to a new directory"]
    assert code == 1, err
    assert [p.name for p in (cwd / "reports").iterdir()] == ["audit-report.json"]
    assert found(json.loads((cwd / "reports" / "audit-report.json").read_text(encoding="utf-8"))) == [
        ("B404", "app.py", 1),
        ("B602", "app.py", 5),
    ]


def test_version_matches_the_report(runs: dict[str, Run]) -> None:
    code, out, err = runs["version"].result
    assert code == 0
    assert out.strip() == f"auditor {report_of(runs, 'report')['tool']['version']}"


# --- exit code 2 ------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(USAGE_ERRORS))
def test_usage_error_is_one_line_and_exit_2(case: str, runs: dict[str, Run]) -> None:
    cwd, result = runs[f"usage: {case}"]
    assert_usage_error(result, *USAGE_ERRORS[case][1])
    assert result.out == ""
    assert list(cwd.iterdir()) == []  # no report, no directory


# --- selecting rules, and the gate -----------------------------------------------------


@pytest.mark.parametrize("case", list(SELECTIONS))
def test_select_and_ignore(case: str, runs: dict[str, Run]) -> None:
    report = report_of(runs, f"select: {case}")
    assert {f["rule"] for f in report["findings"]} == SELECTIONS[case][1]


@pytest.mark.parametrize("case", list(SELECTIONS))
def test_fail_on_sets_the_exit_code(case: str, runs: dict[str, Run]) -> None:
    assert runs[f"select: {case}"].result.code == SELECTIONS[case][2]


def test_mixed_repo_findings_at_their_lines(runs: dict[str, Run]) -> None:
    report = report_of(runs, "select: nothing (highest: high; default fail-on high)")
    assert [(f["rule"], f["severity"]) for f in report["findings"]][:1] == [("B602", "high")]
    assert found(report) == [
        ("ARC001", "a.py", 1),
        ("B307", "load.py", 2),
        ("B404", "shell.py", 1),
        ("B602", "shell.py", 5),
        ("ERR001", "swallow.py", 4),
    ]


# --- suppressions ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def suppressed(runs: dict[str, Run]) -> dict:
    return report_of(runs, "suppressed")


def test_audit_ignore_hides_the_finding_on_its_line(suppressed: dict) -> None:
    assert found(suppressed, file="ignored.py") == [("B404", "ignored.py", 1)]


def test_audit_ignore_with_two_ids(suppressed: dict) -> None:
    assert found(suppressed, file="both.py") == [("B404", "both.py", 1)]


def test_bandit_nosec_hides_bandit_findings(suppressed: dict) -> None:
    assert found(suppressed, file="nosec.py") == [("B404", "nosec.py", 1)]
    assert found(suppressed, file="nosec_id.py") == [("B404", "nosec_id.py", 1)]


def test_nosec_for_another_id_does_not_hide_the_finding(suppressed: dict) -> None:
    assert ("B602", "nosec_other_id.py", 5) in found(suppressed, file="nosec_other_id.py")


def test_suppression_that_suppresses_nothing_is_reported(suppressed: dict) -> None:
    assert found(suppressed, file="stale.py") == [("AUD001", "stale.py", 1)]
    (stale,) = [f for f in suppressed["findings"] if f["file"] == "stale.py"]
    assert stale["severity"] == "low"
    assert "B602" in stale["message"]


def test_partly_stale_suppression_reports_the_unused_id(suppressed: dict) -> None:
    assert found(suppressed, file="half_stale.py") == [("AUD001", "half_stale.py", 5), ("B404", "half_stale.py", 1)]
    (stale,) = [f for f in suppressed["findings"] if f["rule"] == "AUD001" and f["file"] == "half_stale.py"]
    assert "B404" in stale["message"] and "B602" not in stale["message"]


def test_suppression_marker_in_a_string_or_on_another_line_does_nothing(suppressed: dict) -> None:
    assert found(suppressed, file="in_string.py") == [("B307", "in_string.py", 2)]
    assert found(suppressed, file="wrong_line.py") == [("AUD001", "wrong_line.py", 1), ("B307", "wrong_line.py", 3)]


# --- the JSON report -------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(runs: dict[str, Run]) -> dict:
    return report_of(runs, "report")


def test_report_top_level(report: dict) -> None:
    assert {"schema_version", "tool", "summary", "findings", "errors", "timing"} <= set(report)
    assert isinstance(report["schema_version"], str) and report["schema_version"]
    assert report["tool"]["name"] == "auditor"
    assert re.fullmatch(r"\d+\.\d+.*", report["tool"]["version"])


def test_report_summary(report: dict) -> None:
    summary = report["summary"]
    assert summary["by_severity"] == {"critical": 0, "high": 1, "medium": 1, "low": 0, "info": 1}
    assert list(summary["by_category"]) == CATEGORIES
    assert summary["by_category"]["security"] == 3
    assert sum(summary["by_category"].values()) == 3
    assert isinstance(summary["files_analyzed"], int)
    assert isinstance(report["timing"]["duration_seconds"], (int, float))
    assert report["timing"]["duration_seconds"] >= 0


def test_report_finding_fields(report: dict) -> None:
    (b602,) = [f for f in report["findings"] if f["rule"] == "B602"]
    exact = {
        "rule": "B602",
        "category": "security",
        "severity": "high",
        "confidence": "high",
        "file": "pkg/run.py",
        "line": 5,
        "column": 5,
        "end_line": 5,
        "end_column": 37,
        "cwe": [78],
        "snippet": "    subprocess.call(cmd, shell=True)",
    }
    assert {k: b602[k] for k in exact} == exact
    assert "shell=True" in b602["message"]
    assert isinstance(b602["title"], str) and b602["title"]
    assert isinstance(b602["fingerprint"], str) and len(b602["fingerprint"]) >= 8
    for f in report["findings"]:
        assert f["severity"] in SEVERITIES
        assert f["confidence"] in ("high", "medium", "low")
        assert f["category"] in CATEGORIES
        assert all(isinstance(c, int) for c in f["cwe"])
    assert len({f["fingerprint"] for f in report["findings"]}) == len(report["findings"])


def test_report_findings_sorted_by_priority(report: dict) -> None:
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [
        ("B602", "high"),
        ("B307", "medium"),
        ("B404", "info"),  # no command built from request data in the file: taint demotes it
    ]


def test_unparsable_file_is_an_error_and_the_run_goes_on(report: dict) -> None:
    assert [(e["file"], e["kind"]) for e in report["errors"]] == [("broken.py", "parse-error")]
    assert "syntax error" in report["errors"][0]["message"]
    assert found(report) == [("B307", "pkg/load.py", 2), ("B404", "pkg/run.py", 1), ("B602", "pkg/run.py", 5)]


def test_two_runs_give_identical_json_apart_from_timing(runs: dict[str, Run]) -> None:
    first, second = runs["report"].result.out, runs["report again"].result.out

    def without_timing(text: str) -> str:
        assert text.count('"timing"') == 1
        return re.sub(r'"timing": \{[^{}]*\}', '"timing": {}', text)

    assert json.loads(first)["findings"]  # something is compared
    assert without_timing(first) == without_timing(second)


def test_fingerprint_survives_edits_elsewhere_in_the_file(report: dict, runs: dict[str, Run]) -> None:
    (before,) = [f for f in report["findings"] if f["rule"] == "B602"]
    (after,) = [f for f in report_of(runs, "edited")["findings"] if f["rule"] == "B602"]
    assert (before["line"], after["line"]) == (5, 8)
    assert before["fingerprint"] == after["fingerprint"]


# --- rules and explain -----------------------------------------------------------------


def test_rules_lists_ours_and_bandits(runs: dict[str, Run]) -> None:
    code, out, err = runs["doc: rules"].result
    assert code == 0, err
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    for rid in ("MNT001", "ARC001", "AUD001", "B602", "B101"):
        assert rid in lines
    for word in ("medium", "maintainability", "Function too complex"):  # severity, category, title
        assert word in lines["MNT001"]
    assert "security" in lines["B602"]


def test_rules_json(runs: dict[str, Run]) -> None:
    code, out, err = runs["doc: rules json"].result
    assert code == 0, err
    rules = json.loads(out)
    assert isinstance(rules, list)
    keys = {"id", "name", "title", "category", "severity", "confidence", "cwe"}
    for rule in rules:
        assert keys <= set(rule), rule
        assert rule["category"] in CATEGORIES
        assert rule["severity"] in SEVERITIES
        assert rule["confidence"] in ("high", "medium", "low")
        assert all(isinstance(c, int) for c in rule["cwe"])
    by_id = {r["id"]: r for r in rules}
    assert len(by_id) == len(rules)
    assert by_id["MNT001"]["category"] == "maintainability"
    assert by_id["MNT001"]["name"] == "complex-function"
    assert by_id["B602"]["name"] == "subprocess-popen-with-shell-equals-true"
    assert by_id["B602"]["category"] == "security"
    assert {"ARC001", "AUD001", "B101", "B307"} <= set(by_id)
    # the text listing and the JSON listing agree
    text_ids = [line.split()[0] for line in runs["doc: rules"].result.out.splitlines() if line.strip()]
    assert text_ids == [r["id"] for r in rules]


def test_explain_text(runs: dict[str, Run]) -> None:
    code, out, err = runs["doc: explain"].result
    assert code == 0, err
    doc = json.loads(runs["doc: explain json"].result.out)
    assert out.startswith("MNT001 complex-function: Function too complex")
    text = " ".join(out.split())
    # why, fix, and the before/after code, all of it
    for part in (doc["why"], doc["fix"], doc["example"]["before"], doc["example"]["after"]):
        for line in part.splitlines():
            assert " ".join(line.split()) in text, line
    assert "def price(order):" in out
    assert "threshold" in out  # the rule's options


def test_explain_json(runs: dict[str, Run]) -> None:
    code, out, err = runs["doc: explain json"].result
    assert code == 0, err
    doc = json.loads(out)
    assert doc["id"] == "MNT001"
    assert doc["category"] == "maintainability"
    assert "paths" in doc["why"]
    assert doc["fix"]
    assert "def price(order):" in doc["example"]["before"]
    assert "DISCOUNTS" in doc["example"]["after"]
    assert doc["options"]["threshold"] == 10
