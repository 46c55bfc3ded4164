"""The base of the taint rules: one ProjectRule per sink kind, reading the shared flows."""

from __future__ import annotations

from typing import ClassVar

from auditor.analysis.taint.collect import TaintCollector
from auditor.analysis.taint.project import taint_flows
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class TaintRule(ProjectRule):
    """Reports every flow of request data into a sink of `kind`, at the sink, with its trace."""

    abstract = True
    kind: ClassVar[str]
    needs = (TaintCollector,)
    tags: ClassVar[tuple[str, ...]] = ("taint", "injection")

    def check(self, project: ProjectIndex) -> None:
        for flow in taint_flows(project):
            if flow.kind != self.kind:
                continue
            self.report_at(
                flow.file,
                flow.line,
                flow.message,
                column=flow.column,
                snippet=flow.snippet,
                trace=flow.trace,
            )
