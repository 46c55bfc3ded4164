"""What to fix first: a priority per finding, area grades, hotspots and an action plan.

priority = severity points x confidence x stage weight of the category x exposure x hotspot,
capped at 100. Every factor is data in this module (documented in the README), and each
finding carries a one-line reason that names the factors that moved it.

- Stage: `mvp`, `scaling` or `enterprise` weight the ten areas differently (at MVP
  security and data safety dominate; at enterprise observability, architecture and
  testing gaps weigh nearly as much). `auto` guesses the stage from the repository.
- Exposure: production code counts fully, scripts/examples less, tests much less;
  modules many others import, or that a web entry point reaches, count a little more.
- Hotspot: files that change often (git history) and are complex.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any, Iterable

import pathspec

from auditor.history import History
from auditor.model import Category, Confidence, Finding, Severity
from auditor.project import TEST_FILES, ProjectIndex

SEVERITY_POINTS = {
    Severity.CRITICAL: 100.0,
    Severity.HIGH: 70.0,
    Severity.MEDIUM: 40.0,
    Severity.LOW: 15.0,
    Severity.INFO: 3.0,
}
CONFIDENCE_FACTOR = {Confidence.HIGH: 1.0, Confidence.MEDIUM: 0.8, Confidence.LOW: 0.55}

_AREAS = [c.value for c in Category]
# Weight of each area at each stage (1.0 = full weight).
STAGE_WEIGHTS: dict[str, dict[str, float]] = {
    "mvp": dict(
        zip(_AREAS, (1.0, 0.6, 0.4, 0.7, 0.4, 0.4, 0.4, 0.5, 0.9, 0.6))
    ),
    "scaling": dict(
        zip(_AREAS, (1.0, 0.9, 0.9, 0.85, 0.75, 0.6, 0.6, 0.7, 0.9, 0.8))
    ),
    "enterprise": dict(
        zip(_AREAS, (1.0, 0.9, 0.9, 0.9, 0.9, 0.85, 0.75, 0.9, 1.0, 0.9))
    ),
}
STAGES = tuple(STAGE_WEIGHTS)

TEST_FACTOR = 0.35
SCRIPT_FACTOR = 0.6
SCRIPT_PATHS = pathspec.GitIgnoreSpec.from_lines(
    ["scripts/", "script/", "examples/", "example/", "docs/", "doc/", "bench/", "benchmarks/", "tools/", "migrations/"]
)
CENTRALITY_BONUS = 0.1  # up to +10% for the most imported modules
ENTRY_BONUS = 0.15  # +15% when a route, view or command reaches the module
HOTSPOT_BONUS = 0.25  # up to +25% in the hottest file
HOTSPOT_MIN_COMMITS = 3  # fewer changes than this is not a hotspot, however complex

# Area grades from the weighted findings per 1,000 lines of production code.
GRADE_LIMITS = (("A", 5.0), ("B", 20.0), ("C", 50.0), ("D", 100.0), ("E", 200.0))


@dataclass(frozen=True)
class StageChoice:
    name: str
    chosen_by: str  # "config" (or the command line) or "auto"
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "chosen_by": self.chosen_by, "reasons": list(self.reasons)}


def choose_stage(requested: str, project: ProjectIndex, history: History | None) -> StageChoice:
    """The stage asked for, or a guess from size, team, age, CI, containers and tests."""
    if requested != "auto":
        return StageChoice(requested, "config", (f"stage {requested} was set explicitly",))
    points = 0
    reasons: list[str] = []
    sloc = sum(m.lines for m in project.modules.values() if not m.is_test)
    if sloc >= 20_000:
        points += 2
    elif sloc >= 5_000:
        points += 1
    reasons.append(f"{sloc:,} lines of non-test Python")
    if history is not None:
        points += 2 if history.authors >= 10 else 1 if history.authors >= 3 else 0
        points += 1 if history.age_days >= 730 else 0
        reasons.append(f"{history.authors} contributors over {history.age_days} days of git history")
    else:
        reasons.append("no git history")
    ci = project.files_matching(".github/workflows/*", ".gitlab-ci.yml", ".circleci/*", "Jenkinsfile", "azure-pipelines.yml", ".travis.yml")
    if ci:
        points += 1
        reasons.append("CI configuration")
    if project.files_matching("Dockerfile*", "docker-compose*.yml", "compose*.yaml", "compose*.yml", "*.dockerfile"):
        points += 1
        reasons.append("container files")
    tests = sum(1 for m in project.modules.values() if m.is_test)
    if tests:
        reasons.append(f"{tests} test modules")
        points += 1 if tests >= 20 else 0
    else:
        reasons.append("no tests")
    name = "mvp" if points <= 2 else "scaling" if points <= 5 else "enterprise"
    return StageChoice(name, "auto", tuple(reasons))


@dataclass(frozen=True)
class _FileExposure:
    factor: float
    notes: tuple[str, ...]


class Prioritizer:
    """Scores findings for one run; built once from the project and its history."""

    def __init__(
        self,
        project: ProjectIndex,
        stage: StageChoice,
        history: History | None,
        complexity: dict[str, int],
        reached: frozenset[str] = frozenset(),
    ) -> None:
        self.project = project
        self.stage = stage
        self.weights = STAGE_WEIGHTS[stage.name]
        self.history = history
        self.by_file = {m.file: m for m in project.modules.values()}
        self.reached = reached
        self.in_degree = {n: project.graph.in_degree(n) for n in project.graph}
        top = max(self.in_degree.values(), default=0)
        self.top_in = top if top > 0 else 1
        self.hot = hotness(history, complexity)
        self._cache: dict[str, _FileExposure] = {}

    def exposure(self, file: str) -> _FileExposure:
        if file not in self._cache:
            self._cache[file] = self._exposure(file)
        return self._cache[file]

    def _exposure(self, file: str) -> _FileExposure:
        facts = self.by_file.get(file)
        if (facts is not None and facts.is_test) or (file and TEST_FILES.match_file(file)):
            return _FileExposure(TEST_FACTOR, ("test code",))
        if file and SCRIPT_PATHS.match_file(file):
            return _FileExposure(SCRIPT_FACTOR, ("script/example code",))
        factor, notes = 1.0, []
        if facts is not None:
            fan_in = self.in_degree.get(facts.module, 0)
            share = math.log1p(fan_in) / math.log1p(self.top_in)
            factor *= 1 + CENTRALITY_BONUS * share
            if fan_in >= 5:
                notes.append(f"imported by {fan_in} modules")
            if facts.module in self.reached:
                factor *= 1 + ENTRY_BONUS
                notes.append("reached from an entry point")
        return _FileExposure(factor, tuple(notes) or ("production code",))

    def score(self, finding: Finding) -> Finding:
        points = SEVERITY_POINTS[finding.severity] * CONFIDENCE_FACTOR[finding.confidence]
        weight = self.weights.get(finding.category.value, 1.0)
        exposure = self.exposure(finding.file)
        hot = self.hot.get(finding.file, 0.0)
        value = min(100.0, points * weight * exposure.factor * (1 + HOTSPOT_BONUS * hot))
        parts = [f"{finding.severity.value}, {finding.confidence.value} confidence"]
        if weight != 1.0:
            parts.append(f"{finding.category.value} weighs {weight:g} at {self.stage.name}")
        parts.extend(exposure.notes)
        if hot >= 0.5 and self.history is not None:
            parts.append(f"hotspot ({self.history.churn.get(finding.file, 0)} commits)")
        return replace(finding, priority=round(value, 1), priority_reason="; ".join(parts))


def hotness(history: History | None, complexity: dict[str, int]) -> dict[str, float]:
    """0..1 per file: churn x complexity, relative to the hottest file."""
    if history is None:
        return {}
    raw = {
        f: c * max(1, complexity.get(f, 1)) for f, c in history.churn.items() if c >= HOTSPOT_MIN_COMMITS
    }
    top = max(raw.values(), default=0)
    if top <= 0:
        return {}
    return {f: math.sqrt(v / top) for f, v in raw.items()}


def hotspots(history: History | None, complexity: dict[str, int], limit: int = 30) -> list[dict[str, Any]]:
    """The files that change most and are most complex, hottest first."""
    if history is None:
        return []
    hot = hotness(history, complexity)
    rows = [
        {
            "file": f,
            "churn": history.churn[f],
            "complexity": complexity.get(f, 0),
            "score": round(h, 3),
        }
        for f, h in hot.items()
        if f in complexity
    ]
    rows.sort(key=lambda r: (-r["score"], r["file"]))
    return rows[:limit]


def grades(findings: Iterable[Finding], production_lines: int) -> dict[str, str]:
    """Area -> letter A-F from severity-weighted production findings per 1,000 lines.
    A critical finding caps its area at D."""
    kloc = max(production_lines, 1000) / 1000.0
    penalty = {a: 0.0 for a in _AREAS}
    critical: set[str] = set()
    for f in findings:
        if f.severity is Severity.INFO or TEST_FILES.match_file(f.file):
            continue
        penalty[f.category.value] += SEVERITY_POINTS[f.severity] / 10.0 * CONFIDENCE_FACTOR[f.confidence]
        if f.severity is Severity.CRITICAL:
            critical.add(f.category.value)
    out: dict[str, str] = {}
    for area in _AREAS:
        letter = _letter(penalty[area] / kloc)
        if area in critical and letter < "D":
            letter = "D"
        out[area] = letter
    return out


def _letter(density: float) -> str:
    for letter, limit in GRADE_LIMITS:
        if density <= limit:
            return letter
    return "F"


def action_plan(findings: Iterable[Finding], limit: int = 50) -> list[dict[str, Any]]:
    """Findings grouped by rule and directory into recommendations, by value for effort:
    the summed priority over the summed remediation minutes."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.severity is Severity.INFO:
            continue
        groups.setdefault((f.rule, _area_dir(f.file)), []).append(f)
    plan = []
    for (rule, where), items in groups.items():
        impact = sum(f.priority for f in items)
        effort = sum(max(f.effort, 1) for f in items)
        first = items[0]
        noun = "finding" if len(items) == 1 else "findings"
        place = f"in {where}/" if where else "at the top level"
        plan.append(
            {
                "title": f"{first.title}: {len(items)} {noun} {place}",
                "rule": rule,
                "category": first.category.value,
                "severity": max((f.severity for f in items), key=lambda s: s.rank).value,
                "count": len(items),
                "impact": round(impact, 1),
                "effort_minutes": effort,
                "value": round(impact / max(effort, 5), 3),
                "files": sorted({f.file for f in items}),
            }
        )
    plan.sort(key=lambda a: (-a["value"], -a["impact"], a["rule"], a["title"]))
    return plan[:limit]


def _area_dir(file: str) -> str:
    parts = PurePosixPath(file).parts[:-1]
    return "/".join(parts[:2])


__all__ = ["Prioritizer", "STAGES", "StageChoice", "action_plan", "choose_stage", "grades", "hotspots"]
