"""Project-level data sections of the report (`graph`, `metrics`, ...).

A section is built once per run from the `ProjectIndex`, after the project rules, and
lands in `AuditResult.sections[key]` as JSON-able data that every report may render.
A section names the collectors whose per-file facts it reads, like a ProjectRule does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from auditor.project import ProjectIndex
from auditor.rule import Collector


@dataclass(frozen=True)
class Section:
    key: str
    build: Callable[[ProjectIndex], Any]
    needs: tuple[type[Collector], ...] = ()


def _sections() -> list[Section]:
    """Every section, in report order. Add a section here (one line)."""
    from auditor.analysis.clones import CloneCollector
    from auditor.analysis.graph import NEEDS as GRAPH_NEEDS, graph_section
    from auditor.analysis.metrics import MetricsCollector, metrics_section
    from auditor.analysis.service import repository_section
    from auditor.analysis.testing import NEEDS as TESTING_NEEDS, testing_section

    return [
        Section("repository", repository_section),
        Section("graph", graph_section, GRAPH_NEEDS),
        Section("metrics", metrics_section, (MetricsCollector, CloneCollector)),
        Section("testing", testing_section, TESTING_NEEDS),
    ]


SECTIONS: tuple[Section, ...] = tuple(_sections())
