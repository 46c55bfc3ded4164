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
    return []


SECTIONS: tuple[Section, ...] = tuple(_sections())
