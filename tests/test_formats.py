"""The CI formats (SARIF, GitLab Code Quality, JUnit) through the real CLI, checked for content.

One small repository with findings of every level (B602 high, ERR001 and B307 medium, B404
low), two identical files (same finding fingerprint, different paths), a file whose name
has a space and whose code holds markup characters and a control character, and a file
that does not parse. Each CLI run happens once per module; the tests read its output.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from auditor import __version__
from auditor.registry import all_docs
from conftest import CliResult, make_repo, run_cli_many

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"

REPO = {
    "pkg/__init__.py": "",
    # B404 (low) at line 1, B602 (high) at line 5
    "pkg/run.py": """
        import subprocess


        def run(cmd):
            subprocess.call(cmd, shell=True)
    """,
    # B307 (medium) at line 2, twice: same code, so the same finding fingerprint
    "pkg/ev.py": "def load(text):\n    return eval(text)\n",
    "pkg/ev_copy.py": "def load(text):\n    return eval(text)\n",
    # B307 (medium) at line 1: a space in the path; markup and a control character in the code
    "pkg/odd name.py": b'y = eval("<b>&\x01")\n',
    # ERR001 (medium) at lines 4-5
    "pkg/cache.py": """
        def refresh(client):
            try:
                client.refresh()
            except Exception:
                pass
    """,
    "bad.py": "def broken(:\n",
}
SEVERITY_OVERRIDES = '[tool.auditor.severity]\nB602 = "critical"\nB404 = "info"\n'
SELECTED = ["B307", "B404", "B602", "ERR001"]

RUNS: dict[str, list[str]] = {
    # every rule, default --fail-on (high), four formats into one directory
    "all": ["-f", "sarif,gitlab,junit,json", "-o", "reports", "-q", "-j", "1"],
    "sarif again": ["-f", "sarif", "-o", "again.sarif", "-q", "-j", "1"],
    "junit medium": ["-f", "junit", "-o", "medium.xml", "--fail-on", "medium", "--select", ",".join(SELECTED), "-q", "-j", "1"],
    "junit never": ["-f", "junit", "-o", "never.xml", "--fail-on", "never", "-q", "-j", "1"],
    "overrides": ["-f", "gitlab,sarif", "-o", "overrides", "--config", "sev.toml", "-q", "-j", "1"],
}


class Runs:
    def __init__(self, cwd: Path, results: dict[str, CliResult]) -> None:
        self.cwd = cwd
        self.results = results

    def text(self, rel: str) -> str:
        return (self.cwd / rel).read_text(encoding="utf-8")

    def json(self, rel: str) -> Any:
        return json.loads(self.text(rel))

    def xml(self, rel: str) -> ET.Element:
        return ET.fromstring((self.cwd / rel).read_bytes())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    base = tmp_path_factory.mktemp("formats")
    repo = make_repo(base / "repo", REPO)
    cwd = base / "work"
    cwd.mkdir()
    (cwd / "sev.toml").write_text(SEVERITY_OVERRIDES, encoding="utf-8")
    results = run_cli_many([((repo, *args), cwd) for args in RUNS.values()])
    for name, result in zip(RUNS, results):
        assert "Traceback" not in result.err, (name, result.err)
    return Runs(cwd, dict(zip(RUNS, results)))


@pytest.fixture(scope="module")
def findings(runs: Runs) -> list[dict[str, Any]]:
    """The JSON report's findings of the same run: what the other formats must carry."""
    data = runs.json("reports/audit-report.json")
    # Every rule ran; the fixture's code is written for these four (others, such as the
    # dead-code rules on this toy package, may add findings that every format must carry).
    assert sorted((f["rule"], f["file"]) for f in data["findings"] if f["rule"] in SELECTED) == [
        ("B307", "pkg/ev.py"),
        ("B307", "pkg/ev_copy.py"),
        ("B307", "pkg/odd name.py"),
        ("B404", "pkg/run.py"),
        ("B602", "pkg/run.py"),
        ("ERR001", "pkg/cache.py"),
    ]
    return data["findings"]


# --- several formats in one run ------------------------------------------------------------


def test_several_formats_in_one_run_into_a_directory(runs: Runs, findings: list[dict[str, Any]]) -> None:
    code, out, err = runs.results["all"]
    assert code == 1, err  # B602 is high: the default gate fails
    assert sorted(p.name for p in (runs.cwd / "reports").iterdir()) == [
        "audit-report.gitlab.json",
        "audit-report.json",
        "audit-report.junit.xml",
        "audit-report.sarif",
    ]
    # all four describe the same run
    assert len(runs.json("reports/audit-report.sarif")["runs"][0]["results"]) == len(findings)
    assert len(runs.json("reports/audit-report.gitlab.json")) == len(findings)
    junit = runs.xml("reports/audit-report.junit.xml")
    assert len(junit.findall(".//failure")) == 1  # only B602 is at or above high


# --- SARIF -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif(runs: Runs) -> dict[str, Any]:
    return runs.json("reports/audit-report.sarif")


def test_sarif_is_valid_against_the_oasis_schema(runs: Runs, sarif: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    for report in (sarif, runs.json("overrides/audit-report.sarif")):
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"]) == 1


def test_sarif_has_one_descriptor_per_selected_rule(sarif: dict[str, Any]) -> None:
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "auditor"
    assert driver["version"] == __version__
    docs = all_docs()
    rules = {r["id"]: r for r in driver["rules"]}
    assert list(rules) == sorted(docs)  # every rule was selected; sorted, no duplicates
    for rid, rule in rules.items():
        doc = docs[rid]
        assert rule["name"] == doc.name
        assert rule["shortDescription"]["text"] == doc.title
        assert rule["properties"]["tags"][0] == doc.category.value
        assert [t for t in rule["properties"]["tags"] if t.startswith("CWE-")] == [f"CWE-{c}" for c in doc.cwe]
        assert ("helpUri" in rule) == bool(doc.refs)
        assert ("security-severity" in rule["properties"]) == (doc.category.value == "security")


def test_sarif_rule_docs_carry_why_fix_example_and_refs(sarif: dict[str, Any]) -> None:
    docs = all_docs()
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}

    err = rules["ERR001"]  # one of ours: why, fix, a before/after example, refs
    doc = docs["ERR001"]
    assert doc.example is not None
    assert err["fullDescription"]["text"] == doc.why
    assert err["helpUri"] == doc.refs[0]
    for part in (doc.why, doc.fix, doc.example.before.rstrip(), doc.example.after.rstrip()):
        assert part in err["help"]["text"]
        assert part in err["help"]["markdown"]
    assert f"```python\n{doc.example.before.rstrip()}\n```" in err["help"]["markdown"]
    assert err["properties"]["tags"] == ["error-handling", "CWE-390"]
    assert "security-severity" not in err["properties"]
    assert err["defaultConfiguration"]["level"] == "warning"

    b602 = rules["B602"]  # bandit's: its own docs page first
    assert b602["helpUri"].startswith("https://bandit.readthedocs.io/")
    assert b602["properties"]["tags"] == ["security", "CWE-78"]
    assert b602["properties"]["security-severity"] == "8.0"  # high: GitHub's 7.0-8.9 band


def test_sarif_security_severity_sits_in_githubs_band_for_the_severity(sarif: dict[str, Any]) -> None:
    # GitHub code scanning: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, below that low
    bands = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9), "low": (0.1, 3.9), "info": (0.1, 3.9)}
    security = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["properties"]["tags"][0] == "security"]
    assert len(security) > 70  # bandit's tests and SEC001
    seen = set()
    for rule in security:
        value = rule["properties"]["security-severity"]
        assert isinstance(value, str)
        low, high = bands[rule["properties"]["severity"]]
        assert low <= float(value) <= high, (rule["id"], value)
        seen.add(rule["properties"]["severity"])
    assert {"high", "medium", "low"} <= seen


def test_sarif_results_match_the_findings(sarif: dict[str, Any], findings: list[dict[str, Any]]) -> None:
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
    assert len(results) == len(findings)
    for result, finding in zip(results, findings):  # same order: by priority
        assert result["ruleId"] == finding["rule"]
        assert rules[result["ruleIndex"]]["id"] == finding["rule"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        [location] = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"] == finding["file"].replace(" ", "%20")
        region = location["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            finding["line"], finding["column"], finding["end_line"], finding["end_column"],
        )
        assert region.get("snippet", {}).get("text", "") == finding["snippet"]
        assert result["partialFingerprints"] == {"auditorFingerprint/v1": finding["fingerprint"]}
        assert result["properties"]["severity"] == finding["severity"]
        assert result["properties"]["confidence"] == finding["confidence"]
        assert result["properties"]["category"] == finding["category"]
    by_rule = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r for r in results}
    b602 = by_rule[("B602", "pkg/run.py")]["locations"][0]["physicalLocation"]["region"]
    assert (b602["startLine"], b602["startColumn"], b602["endLine"], b602["endColumn"]) == (5, 5, 5, 37)
    err = by_rule[("ERR001", "pkg/cache.py")]["locations"][0]["physicalLocation"]["region"]
    assert (err["startLine"], err["endLine"]) == (4, 5)  # the whole handler
    assert "pkg/odd%20name.py" in {uri for _, uri in by_rule}


def test_sarif_reports_the_unparsable_file_as_a_tool_notification(sarif: dict[str, Any]) -> None:
    [invocation] = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.py"
    assert "parse-error" in note["message"]["text"]
    assert "syntax error" in note["message"]["text"]
    assert note["descriptor"]["id"] == "parse-error"


def test_sarif_is_byte_identical_between_runs(runs: Runs) -> None:
    first = (runs.cwd / "reports" / "audit-report.sarif").read_bytes()
    second = (runs.cwd / "again.sarif").read_bytes()
    assert first == second
    # nothing that changes between runs: no start or end times, no durations
    [invocation] = json.loads(first)["runs"][0]["invocations"]
    assert set(invocation) == {"executionSuccessful", "toolExecutionNotifications"}
    assert b"TimeUtc" not in first


def test_sarif_levels_follow_severity_overrides(runs: Runs) -> None:
    results = runs.json("overrides/audit-report.sarif")["runs"][0]["results"]
    levels = {r["ruleId"]: (r["level"], r["properties"]["severity"]) for r in results}
    assert levels["B602"] == ("error", "critical")
    assert levels["B404"] == ("note", "info")


# --- GitLab Code Quality -----------------------------------------------------------------------


def test_gitlab_entries_carry_the_findings(runs: Runs, findings: list[dict[str, Any]]) -> None:
    issues = runs.json("reports/audit-report.gitlab.json")
    assert isinstance(issues, list)
    assert len(issues) == len(findings)
    severities = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}
    for issue, finding in zip(issues, findings):
        assert issue["check_name"] == finding["rule"]
        assert issue["description"] == finding["message"]
        assert issue["severity"] == severities[finding["severity"]]
        assert issue["location"]["path"] == finding["file"]  # a path, not a URI
        assert issue["location"]["lines"] == {"begin": finding["line"], "end": finding["end_line"]}
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) >= 32
    categories = {i["check_name"]: i["categories"] for i in issues}
    assert categories["B602"] == ["Security"]
    assert categories["ERR001"] == ["Bug Risk"]


def test_gitlab_fingerprints_are_unique_even_for_identical_code(runs: Runs, findings: list[dict[str, Any]]) -> None:
    issues = runs.json("reports/audit-report.gitlab.json")
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    # ev.py and ev_copy.py hold the same code: one finding fingerprint, two GitLab entries
    same = {f["fingerprint"] for f in findings if f["file"] in ("pkg/ev.py", "pkg/ev_copy.py") and f["rule"] == "B307"}
    assert len(same) == 1
    copies = [
        i["fingerprint"]
        for i in issues
        if i["location"]["path"] in ("pkg/ev.py", "pkg/ev_copy.py") and i["check_name"] == "B307"
    ]
    assert len(copies) == 2 and copies[0] != copies[1]
    # stable: another run on the same code gives the same fingerprints
    again = {i["fingerprint"] for i in runs.json("overrides/audit-report.gitlab.json")}
    assert set(prints) == again


def test_gitlab_maps_critical_to_blocker_and_info_to_info(runs: Runs) -> None:
    issues = runs.json("overrides/audit-report.gitlab.json")
    severity = {(i["check_name"], i["location"]["path"]): i["severity"] for i in issues}
    assert severity[("B602", "pkg/run.py")] == "blocker"
    assert severity[("B404", "pkg/run.py")] == "info"
    assert severity[("B307", "pkg/ev.py")] == "major"
    assert set(severity.values()) <= {"info", "minor", "major", "critical", "blocker"}


# --- JUnit -------------------------------------------------------------------------------------


def _cases(root: ET.Element) -> dict[str, ET.Element]:
    [suite] = root.findall("testsuite")
    return {case.get("name", "").split(" ", 1)[0]: case for case in suite.findall("testcase")}


def test_junit_has_a_testcase_per_selected_rule(runs: Runs) -> None:
    docs = all_docs()
    root = runs.xml("reports/audit-report.junit.xml")
    assert root.tag == "testsuites"
    cases = _cases(root)
    assert sorted(cases) == sorted(docs)
    for rid, case in cases.items():
        assert case.get("name") == f"{rid} {docs[rid].title}"
        assert case.get("classname") == f"auditor.{docs[rid].category.value}"
    [suite] = root.findall("testsuite")
    assert suite.get("tests") == str(len(docs))
    # --select narrows the test cases to the rules that ran
    assert sorted(_cases(runs.xml("medium.xml"))) == SELECTED


def test_junit_fails_only_findings_at_or_above_the_default_threshold(runs: Runs) -> None:
    root = runs.xml("reports/audit-report.junit.xml")
    cases = _cases(root)
    failing = {rid for rid, case in cases.items() if case.find("failure") is not None}
    assert failing == {"B602"}
    [failure] = cases["B602"].findall("failure")
    assert failure.get("type") == "high"
    assert failure.get("message") == "pkg/run.py:5: subprocess call with shell=True identified, security issue."
    assert "pkg/run.py:5" in (failure.text or "")
    assert "subprocess.call(cmd, shell=True)" in (failure.text or "")
    # below the threshold: listed, not failed
    assert "pkg/run.py:1" in (cases["B404"].findtext("system-out") or "")
    assert cases["B404"].find("failure") is None
    [suite] = root.findall("testsuite")
    assert suite.get("failures") == "1"
    assert "bad.py: parse-error" in (suite.findtext("system-err") or "")


def test_junit_with_a_lower_threshold_fails_more(runs: Runs) -> None:
    assert runs.results["junit medium"].code == 1
    root = runs.xml("medium.xml")
    cases = _cases(root)
    counts = {rid: len(case.findall("failure")) for rid, case in cases.items()}
    assert counts == {"B307": 3, "B404": 0, "B602": 1, "ERR001": 1}
    assert {f.get("type") for f in cases["B307"].findall("failure")} == {"medium"}
    assert root.findall("testsuite")[0].get("failures") == "3"
    # the code with markup and a control character came through as text, and parsed
    odd = [f.text or "" for f in cases["B307"].findall("failure") if "odd name.py" in (f.text or "")]
    assert len(odd) == 1 and 'eval("<b>&\\x01")' in odd[0]


def test_junit_with_fail_on_never_has_no_failure(runs: Runs) -> None:
    assert runs.results["junit never"].code == 0
    root = runs.xml("never.xml")
    assert root.findall(".//failure") == []
    assert "pkg/run.py:5" in (_cases(root)["B602"].findtext("system-out") or "")
