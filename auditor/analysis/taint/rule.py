"""The base of the taint rules: one ProjectRule per sink kind, reading the shared flows."""

from __future__ import annotations

from typing import ClassVar

from auditor.analysis.taint.collect import TaintCollector
from auditor.analysis.taint.project import taint_flows
from auditor.model import Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

# A flow inside test code (tests/, test_*.py, conftest.py): a test app or fixture that is
# never served, so no attacker sends it data. Kept in the report, at low severity, so
# that a `--fail-on medium` gate does not stop on a project's own tests.
IN_TEST_CODE = " (in test code, which is not served: low)"


class TaintRule(ProjectRule):
    """Reports every flow of request data into a sink of `kind`, at the sink, with its
    trace; in test code at low severity (IN_TEST_CODE)."""

    abstract = True
    kind: ClassVar[str]
    needs = (TaintCollector,)
    tags: ClassVar[tuple[str, ...]] = ("taint", "injection")

    def check(self, project: ProjectIndex) -> None:
        tests = {m.file for m in project.modules.values() if m.is_test}
        for flow in taint_flows(project):
            if flow.kind != self.kind:
                continue
            in_tests = flow.file in tests
            self.report_at(
                flow.file,
                flow.line,
                flow.message + IN_TEST_CODE if in_tests else flow.message,
                severity=Severity.LOW if in_tests else None,
                column=flow.column,
                snippet=flow.snippet,
                trace=flow.trace,
            )
