"""JUnit XML: CI systems (GitLab, Jenkins, Azure, CircleCI) show it as a test report.

One test suite; one test case per selected rule; one `<failure>` per finding at or above
the run's `--fail-on` threshold, so the test report fails exactly when the exit code does.
Findings below the threshold are listed in the test case's `<system-out>`; files that were
not fully audited in the suite's `<system-err>`. No timestamps: deterministic output.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from auditor.model import AuditResult, FileError, Finding, RuleDoc, Severity

# Characters XML 1.0 cannot carry at all, even escaped (NUL, most C0 controls, lone
# surrogates). ElementTree writes them as they are, which no parser reads back.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(result: AuditResult, fail_on: Severity | None = None) -> str:
    suite = ET.Element("testsuite", name="auditor")
    if fail_on is not None:
        ET.SubElement(ET.SubElement(suite, "properties"), "property", name="fail-on", value=fail_on.value)
    tests, failed = _testcases(suite, result, fail_on)
    if result.errors:
        ET.SubElement(suite, "system-err").text = _clean("\n".join(_error_line(e) for e in result.errors))
    counts = {"tests": str(tests), "failures": str(failed), "errors": "0"}
    suite.attrib.update({**counts, "skipped": "0"})
    root = ET.Element("testsuites", name="auditor", **counts)
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _testcases(suite: ET.Element, result: AuditResult, fail_on: Severity | None) -> tuple[int, int]:
    """A test case per rule, sorted by id; returns (test cases, failed test cases)."""
    by_rule: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    titles = _titles(result)
    failed = 0
    for rid in sorted(titles):
        findings = by_rule.get(rid, [])
        case = _testcase(suite, rid, titles[rid], result.rules.get(rid), findings)
        failing = [f for f in findings if fail_on is not None and f.severity >= fail_on]
        for f in failing:
            _failure(case, f)
        _system_out(case, [f for f in findings if f not in failing])
        failed += bool(failing)
    return len(titles), failed


def _titles(result: AuditResult) -> dict[str, str]:
    """Every selected rule, and any rule that reported without a doc, by id."""
    titles = {rid: doc.title for rid, doc in result.rules.items()}
    titles.update({f.rule: f.title for f in result.findings if f.rule not in titles})
    return titles


def _error_line(e: FileError) -> str:
    rule = f" [{e.rule}]" if e.rule else ""
    return f"{e.file}: {e.kind.value}{rule}: {e.message}"


def _testcase(suite: ET.Element, rid: str, title: str, doc: RuleDoc | None, findings: list[Finding]) -> ET.Element:
    category = doc.category.value if doc else (findings[0].category.value if findings else "unknown")
    return ET.SubElement(suite, "testcase", name=_clean(f"{rid} {title}"), classname=f"auditor.{category}", time="0")


def _failure(case: ET.Element, f: Finding) -> None:
    text = f"{_where(f)}: {f.severity.value} {f.rule}: {f.message}"
    if f.snippet:
        text += "\n" + "\n".join(f"    {line}" for line in f.snippet.splitlines())
    failure = ET.SubElement(case, "failure", message=_clean(f"{_where(f)}: {f.message}"), type=f.severity.value)
    failure.text = _clean(text)


def _system_out(case: ET.Element, below: list[Finding]) -> None:
    """Findings that do not fail the run are still worth a look."""
    if below:
        lines = [f"{_where(f)}: {f.severity.value} {f.rule}: {f.message} (below --fail-on)" for f in below]
        ET.SubElement(case, "system-out").text = _clean("\n".join(lines))


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}" if f.line else f.file


def _clean(text: str) -> str:
    """Text XML can carry: forbidden characters become a visible `\\xNN` escape."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
