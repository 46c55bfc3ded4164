"""Rule discovery and selection.

Our rules are found by importing every module under `auditor.rules`; bandit's tests are
listed from bandit's own metadata. Ids are checked for clashes at load time.

What selection needs (kinds, options, docs) is cached per user for this very code, and
the rule classes, libcst and bandit are imported only when something needs the classes:
a run whose whole result is cached never does.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from auditor.config import ConfigError
from auditor.model import RuleDoc

if TYPE_CHECKING:
    from auditor.rule import AnyRule, Collector


class RegistryError(Exception):
    """Two rules share an id, or a rule module cannot be imported."""


@lru_cache(maxsize=1)
def own_rules() -> dict[str, AnyRule]:
    """Every rule class under `auditor.rules`, by id, plus the engine's own rules."""
    import auditor.rules as package
    from auditor.rule import FileRule, ProjectRule, Rule
    from auditor.suppressions import UnusedSuppression

    found: dict[str, AnyRule] = {UnusedSuppression.id: UnusedSuppression}
    for info in sorted(pkgutil.walk_packages(package.__path__, package.__name__ + "."), key=lambda i: i.name):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, (Rule, FileRule, ProjectRule))
                and obj.__module__ == module.__name__
                and not obj.__dict__.get("abstract", False)
            ):
                if obj.id in found and found[obj.id] is not obj:
                    raise RegistryError(f"rule id {obj.id} is used by {found[obj.id].__name__} and {obj.__name__}")
                found[obj.id] = obj
    return dict(sorted(found.items()))


@lru_cache(maxsize=1)
def all_collectors() -> dict[str, type[Collector]]:
    """Every collector that a project rule or a report section needs, by key."""
    from auditor.analysis.sections import SECTIONS
    from auditor.rule import ProjectRule

    found: dict[str, type[Collector]] = {}
    needers = [cls.needs for cls in own_rules().values() if issubclass(cls, ProjectRule)]
    needers += [section.needs for section in SECTIONS]
    for needs in needers:
        for collector in needs:
            if found.setdefault(collector.key, collector) is not collector:
                raise RegistryError(f"collector key {collector.key!r} is used by two collectors")
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class RuleIndex:
    """What selecting rules and planning a run need to know of our rules, without their
    classes: kept per user for this very code (`auditor.cache.cached_for_code`), so a
    run whose whole result is cached does not import the rules (libcst's matchers, the
    rule modules: about a second)."""

    kinds: dict[str, str]  # id -> "libcst" | "file" | "project" | "engine"
    needs: dict[str, tuple[str, ...]]  # project rule id -> collector keys
    section_needs: tuple[str, ...]  # collector keys every report section needs
    options: dict[str, dict[str, object]]  # id -> option defaults


@lru_cache(maxsize=1)
def rule_index() -> RuleIndex:
    from auditor.cache import cached_for_code

    index = cached_for_code("rule-index", _compute_index, lambda v: isinstance(v, RuleIndex))
    return index  # type: ignore[no-any-return]


def _compute_index() -> RuleIndex:
    from auditor.analysis.sections import SECTIONS
    from auditor.rule import FileRule, Rule
    from auditor.suppressions import UnusedSuppression

    kinds: dict[str, str] = {}
    for rid, cls in own_rules().items():
        if cls is UnusedSuppression:
            kinds[rid] = "engine"
        elif issubclass(cls, Rule):
            kinds[rid] = "libcst"
        elif issubclass(cls, FileRule):
            kinds[rid] = "file"
        else:
            kinds[rid] = "project"
    needs = {rid: tuple(c.key for c in cls.needs) for rid, cls in own_rules().items() if kinds[rid] == "project"}
    sections = tuple(sorted({c.key for section in SECTIONS for c in section.needs}))
    options = {rid: dict(cls.options) for rid, cls in own_rules().items()}
    return RuleIndex(kinds, needs, sections, options)


def collectors_for(project_rule_ids: Iterable[str]) -> tuple[str, ...]:
    """Keys of the collectors the selected project rules and every report section need."""
    index = rule_index()
    keys = {key for rid in project_rule_ids for key in index.needs.get(rid, ())}
    keys |= set(index.section_needs)
    return tuple(sorted(keys))


@lru_cache(maxsize=1)
def all_docs() -> dict[str, RuleDoc]:
    """RuleDocs of our rules and bandit's, by id; from the per-user cache of this very
    code when there (reading bandit's plugin sources for their defaults costs ~0.2 s in
    every process)."""
    from auditor.cache import cached_rule_docs

    return cached_rule_docs(_compute_docs)


def _compute_docs() -> dict[str, RuleDoc]:
    from auditor.adapters.bandit import bandit_rule_docs

    docs = {rid: cls.doc() for rid, cls in own_rules().items()}
    for rid, doc in bandit_rule_docs().items():
        if rid in docs:
            raise RegistryError(f"rule id {rid} clashes with a bandit test id")
        docs[rid] = doc
    return dict(sorted(docs.items()))


def _matches(selector: str, doc: RuleDoc) -> bool:
    sel = selector.strip()
    return (
        doc.id == sel.upper()
        or doc.id.startswith(sel.upper())
        or doc.category.value == sel.lower()
        or doc.name == sel.lower()
    )


def check_selectors(selectors: Iterable[str], where: str) -> None:
    docs = all_docs().values()
    for sel in selectors:
        if not sel.strip():
            continue
        if not any(_matches(sel, d) for d in docs):
            raise ConfigError(f"{where}: {sel!r} matches no rule id, prefix or category (see `audit rules`)")


def resolve_ids(selectors: Iterable[str]) -> set[str]:
    """Rule ids that any of the selectors (id, id prefix, category, name) picks."""
    sels = [s for s in selectors if s.strip()]
    return {d.id for d in all_docs().values() if any(_matches(s, d) for s in sels)}


@dataclass(frozen=True)
class Selection:
    """The rules one run uses, split by kind."""

    libcst: tuple[str, ...]
    file: tuple[str, ...]
    project: tuple[str, ...]
    bandit: tuple[str, ...]
    engine: tuple[str, ...]  # rules the engine itself reports (unused suppressions)

    @property
    def all_ids(self) -> tuple[str, ...]:
        return tuple(sorted((*self.libcst, *self.file, *self.project, *self.bandit, *self.engine)))


def select(select_: Iterable[str], ignore: Iterable[str], where: str = "configuration") -> Selection:
    """Apply select / ignore (ids, prefixes, categories or names). Empty select: all.

    The CLI checks its own --select/--ignore first, so an unknown selector that gets
    here came from the configuration named by `where`.
    """
    select_ = list(select_)
    ignore = list(ignore)
    check_selectors(select_, f"{where}: `select`")
    check_selectors(ignore, f"{where}: `ignore`")
    ids = resolve_ids(select_) if select_ else set(all_docs())
    ids -= resolve_ids(ignore)
    kinds = rule_index().kinds
    by_kind: dict[str, list[str]] = {"libcst": [], "file": [], "project": [], "engine": []}
    for rid in sorted(ids):
        if rid in kinds:
            by_kind[kinds[rid]].append(rid)
    libcst_ids, file_ids, project_ids, engine_ids = (by_kind[k] for k in ("libcst", "file", "project", "engine"))
    docs = all_docs()  # cached per user: bandit's own docs cost ~0.2 s to build
    bandit_ids = sorted(rid for rid in ids if docs[rid].source == "bandit")
    return Selection(tuple(libcst_ids), tuple(file_ids), tuple(project_ids), tuple(bandit_ids), tuple(engine_ids))


def check_rule_config(severity: Iterable[str], options: dict[str, dict[str, object]], where: str) -> None:
    """Unknown rule ids and options in `severity` / `options` are configuration errors."""
    docs = all_docs()
    for rid in severity:
        if rid not in docs:
            raise ConfigError(f"{where}: `severity.{rid}`: no such rule")
    own = rule_index().options
    for rid, opts in options.items():
        if rid not in own:
            raise ConfigError(f"{where}: `options.{rid}`: no such rule with options")
        defaults = own[rid]
        for key, value in opts.items():
            if key not in defaults:
                known = ", ".join(sorted(defaults)) or "none"
                raise ConfigError(f"{where}: `options.{rid}.{key}`: unknown option (known: {known})")
            expected = type(defaults[key])
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                continue
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ConfigError(
                    f"{where}: `options.{rid}.{key}`: expected {expected.__name__}, got {type(value).__name__}"
                )
