"""Idle conditions of the security pattern rules (SEC001, SEC2xx): facts a rule reads from
a file's import table and stdlib tree (`context.index`) to tell, before libcst parses the
file, that it cannot report there (see `Rule`).

Not a rule module (the leading underscore keeps discovery away). Every predicate here is
a NECESSARY condition of some report path of a rule, so "False" means "cannot report";
when `context.index` is None (this Python cannot read the file) the index facts are
unknown and the predicates answer True (stay open).
"""

from __future__ import annotations

import ast
import functools
from typing import Iterable
from weakref import WeakKeyDictionary

from auditor.helpers import AstIndex
from auditor.rule import FileContext
from auditor.rules.security._patterns import (
    DJANGO_SETTINGS_MARKERS,
    WEAK_HASHES,
    _CONFIG_MODULES,
    _HASHLIB_FAST,
    _OTHER_WEAK,
    is_config_class,
    is_defaults_module,
    is_dev_module,
    looks_like_settings,
)


class QualifiedTargets:
    """Qualified names as `ImportTable.qualify` spells them (`jwt.PyJWT().decode`), and
    whether a file can produce any of them.

    `qualify` builds a name from a binding of the import table (or `builtins.X` for an
    unbound builtin name) followed by the attribute names of the chain, with `()` after
    a call: so a target is reachable only through a binding that is a dotted prefix of
    it (calls left out) whose remaining parts are identifiers written in the file.
    """

    def __init__(self, names: Iterable[str]) -> None:
        # binding -> the attribute names that must follow it, one tuple per target
        self._after: dict[str, list[tuple[str, ...]]] = {}
        self._builtins: list[tuple[str, tuple[str, ...]]] = []
        for name in names:
            parts = name.replace("()", "").split(".")
            for cut in range(1, len(parts) + 1):
                self._after.setdefault(".".join(parts[:cut]), []).append(tuple(parts[cut:]))
            if parts[0] == "builtins" and len(parts) > 1:
                self._builtins.append((parts[1], tuple(parts[2:])))

    def reachable(self, context: FileContext) -> bool:
        index = context.index
        names = index.names if index is not None else None
        bindings = context.imports.bindings
        for bound in bindings.values():
            tails = self._after.get(bound)
            if tails is None:
                continue
            if names is None or any(all(part in names for part in tail) for tail in tails):
                return True
        for name, tail in self._builtins:
            if name not in bindings and (names is None or (name in names and all(part in names for part in tail))):
                return True
        return False



def skips_tests(rule: object) -> bool:
    """`is_test and not include-tests`: the guard of rules that leave test code alone."""
    return bool(rule.context.is_test and not rule.opts["include-tests"])  # type: ignore[attr-defined]


class FileFacts:
    """Views of one file's stdlib tree shared by the security rules' idle checks, each made
    on first use. Holds the index's node groups and text, not the index (the cache is
    keyed by it)."""

    def __init__(self, index: AstIndex) -> None:
        self._by_type = index.by_type
        self.names = index.names
        self.text = index.text
        self._strings: frozenset[str] | None = None
        self._assigned: frozenset[str] | None = None
        self._subscript_keys: frozenset[str] | None = None
        self._config_name: bool | None = None
        self._with_equals: list[str] | None = None
        self._maybe_urls: list[str] | None = None

    def of(self, kind: type) -> list:
        return self._by_type.get(kind, [])

    @property
    def strings(self) -> frozenset[str]:
        """Every str constant: plain literals, adjacent literals as ast folds them into one,
        the literal parts of f-strings, docstrings."""
        if self._strings is None:
            self._strings = frozenset(n.value for n in self.of(ast.Constant) if n.value.__class__ is str)
        return self._strings

    @property
    def with_equals(self) -> list[str]:
        """The str constants holding a "=" (connection options, DSNs)."""
        if self._with_equals is None:
            self._scan_strings()
        return self._with_equals  # type: ignore[return-value]

    @property
    def maybe_urls(self) -> list[str]:
        """The str constants starting with "h" or "H": only those lower-case to "http...".
        (No other character lower-cases to one starting with an ASCII letter of "http".)"""
        if self._maybe_urls is None:
            self._scan_strings()
        return self._maybe_urls  # type: ignore[return-value]

    def _scan_strings(self) -> None:
        equals: list[str] = []
        urls: list[str] = []
        for node in self.of(ast.Constant):
            value = node.value
            if value.__class__ is str:
                if "=" in value:
                    equals.append(value)
                if value[:1] in ("h", "H"):
                    urls.append(value)
        self._with_equals, self._maybe_urls = equals, urls

    @property
    def assigned(self) -> frozenset[str]:
        """Names assigned by `NAME = ...` / `NAME: T = value`, at any depth."""
        if self._assigned is None:
            found: set[str] = set()
            for node in self.of(ast.Assign):
                found.update(t.id for t in node.targets if t.__class__ is ast.Name)
            for node in self.of(ast.AnnAssign):
                if node.value is not None and node.target.__class__ is ast.Name:
                    found.add(node.target.id)
            self._assigned = frozenset(found)
        return self._assigned

    @property
    def subscript_keys(self) -> frozenset[str]:
        """The str literals used as subscripts (`x["KEY"]`, adjacent literals folded)."""
        if self._subscript_keys is None:
            self._subscript_keys = frozenset(
                n.slice.value
                for n in self.of(ast.Subscript)
                if n.slice.__class__ is ast.Constant and n.slice.value.__class__ is str
            )
        return self._subscript_keys

    @property
    def config_name(self) -> bool:
        """An identifier ending in `config` (`app.config`, `myconfig`). In an ASCII file every
        identifier is written as it is named, so without the word there is none."""
        if self._config_name is None:
            if self.text.isascii() and "config" not in self.text:
                self._config_name = False
            else:
                self._config_name = any(name.endswith("config") for name in self.names)
        return self._config_name


_FACTS: WeakKeyDictionary[AstIndex, FileFacts] = WeakKeyDictionary()


def facts(context: FileContext) -> FileFacts | None:
    """The shared views of the file's stdlib tree (None when there is no tree)."""
    return facts_of(context.index) if context.index is not None else None


def facts_of(index: AstIndex) -> FileFacts:
    found = _FACTS.get(index)
    if found is None:
        found = _FACTS[index] = FileFacts(index)
    return found


# --- SettingsVisitor ---------------------------------------------------------------------


def settings_skipped(context: FileContext) -> bool:
    """`SettingsVisitor.settings_skipped`: test code, development settings, framework defaults."""
    return context.is_test or _skipped_module(context.module_name, context.relpath)


@functools.lru_cache(maxsize=16)  # asked by each settings rule of the same file in turn
def _skipped_module(module_name: str, relpath: str) -> bool:
    return is_dev_module(module_name, relpath) or is_defaults_module(module_name)


def may_set(context: FileContext, keys: frozenset[str]) -> bool:
    """Whether `SettingsVisitor` can call `setting(key, ...)` with a key of `keys` (the
    caller checks `settings_skipped` itself). Its three sources:

    - `KEY = value` at module level of a settings/config module or in a top-level
      config class: an assignment of the name (at any depth here, a superset);
    - `<...config>.update(KEY=value)` / `.from_mapping(...)`: a keyword KEY (an
      identifier) and an identifier ending in config;
    - `<...config>["KEY"] = value`: a str subscript KEY and an identifier ending in config.
    """
    found = facts(context)
    if found is None:
        return True
    named = not keys.isdisjoint(found.names)
    if named and _assignments_read(context, found) and not keys.isdisjoint(found.assigned):
        return True
    if not found.config_name:
        return False
    return named or not keys.isdisjoint(found.subscript_keys)


def _assignments_read(context: FileContext, found: FileFacts) -> bool:
    """Whether `visit_Module` reads assignments as settings: a settings/config module by
    name, a Django settings module (a marker assigned), or a config class."""
    last = context.module_name.rsplit(".", 1)[-1]
    if looks_like_settings(context.module_name, context.relpath) or last in _CONFIG_MODULES:
        return True
    if _django_markers(found):
        return True
    return any(is_config_class(node.name) for node in found.of(ast.ClassDef))


def _django_markers(found: FileFacts) -> bool:
    return not DJANGO_SETTINGS_MARKERS.isdisjoint(found.names) and not DJANGO_SETTINGS_MARKERS.isdisjoint(found.assigned)


def django_settings_possible(context: FileContext) -> bool:
    """`SettingsVisitor.django_settings` needs a marker name assigned at module level."""
    found = facts(context)
    return found is None or _django_markers(found)


# --- hashing -----------------------------------------------------------------------------

# What `hash_constructor` recognises: hashlib's constructors and `hashlib.new`, and the
# third-party ones; WEAK_HASH_CALLS those that can give a weak algorithm.
HASH_CALLS = QualifiedTargets([*(f"hashlib.{name}" for name in (*_HASHLIB_FAST, "new")), *_OTHER_WEAK])
WEAK_HASH_CALLS = QualifiedTargets(
    [*(f"hashlib.{name}" for name in (*(_HASHLIB_FAST & WEAK_HASHES), "new")), *_OTHER_WEAK]
)
