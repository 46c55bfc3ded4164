from __future__ import annotations

import networkx as nx
from packaging.utils import canonicalize_name

from auditor.analysis.manifests import (
    DEV,
    GuardedImports,
    ImportUse,
    Manifests,
    distributions_for,
    environment_names,
    import_key,
    import_prefixes,
    manifest_dir,
    manifests,
    provides,
    repository_kind_of,
    third_party_imports,
)
from auditor.analysis.package_data import IMPORT_NAMES
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

# Folders of development tooling (docs builds, scripts, benchmarks, examples): their
# imports may be satisfied by development dependencies.
TOOLING_DIRS = frozenset({"docs", "doc", "docs_src", "scripts", "script", "tools", "bench", "benchmarks", "examples", "example", "ci", "utils_dev"})
TOOLING_FILES = frozenset({"setup.py", "noxfile.py", "fabfile.py", "tasks.py", "dodo.py", "conftest.py"})


class UndeclaredDependency(ProjectRule):
    """A third-party module imported by the code that no manifest of the repository declares."""

    id = "DEP001"
    title = "Imported package not declared as a dependency"
    category = Category.DEPENDENCIES
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    refs = (
        "https://packaging.python.org/en/latest/specifications/dependency-specifiers/",
        "https://docs.python.org/3/library/sys.html#sys.stdlib_module_names",
    )
    tags = ("supply-chain", "manifests")
    options = {"ignore": []}  # import names never reported
    effort = 10
    needs = (GuardedImports,)
    why = """
        The code works on the developer's machine because the package happens to be
        installed there (by hand, or pulled in by another dependency). A clean install, a
        new container image or a dependency that drops its own requirement on it turns the
        import into `ModuleNotFoundError` in production, often on a code path that tests do
        not reach. A package declared only as a development dependency fails the same way
        where dev extras are not installed.
        """
    fix = """
        Declare the distribution that provides the module (the name on PyPI, which can
        differ from the import name: `yaml` is PyYAML, `bs4` is beautifulsoup4) in the
        runtime dependencies: `[project] dependencies`, `install_requires` or the
        requirements file the deployment installs. Imports that are optional on purpose go
        inside `try: ... except ImportError:`. Names to accept go in the `ignore` option.
        """
    example = Example(
        before="""
            # file: requirements.txt
            requests==2.32.3
            # file: app/__init__.py
            import requests
            import yaml
            """,
        after="""
            # file: requirements.txt
            requests==2.32.3
            PyYAML==6.0.2
            # file: app/__init__.py
            import requests
            import yaml
            """,
    )
    VALID = [
        """
        # file: requirements.txt
        PyYAML==6.0.2
        beautifulsoup4==4.12.3
        -e ./vendor/thing
        # file: app/__init__.py
        # file: app/parse.py
        import yaml
        from bs4 import BeautifulSoup
        from app import helpers
        try:
            import ujson as json
        except ImportError:
            import json
        # file: app/helpers.py
        import os
        """,
        """
        # file: app/main.py
        import yaml
        """,
        """
        # file: pyproject.toml
        [project]
        name = "shop"
        dependencies = ["requests>=2"]
        [dependency-groups]
        test = ["pytest>=8"]
        # file: shop/__init__.py
        import requests
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from mypy_extensions import TypedDict
        # file: tests/test_shop.py
        import pytest
        import shop
        """,
    ]
    INVALID = [
        """
        # file: requirements.txt
        requests==2.32.3
        # file: app/__init__.py
        # file: app/client.py
        import requests
        import yaml  # expect
        from google.cloud import storage  # expect
        # file: app/other.py
        import yaml
        """,
        """
        # file: pyproject.toml
        [project]
        name = "shop"
        dependencies = []
        [dependency-groups]
        dev = ["rich"]
        # file: shop/__init__.py
        from rich.console import Console  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        found = manifests(project)
        for file, message in found.errors:
            self.report_error(file, message)
        if not found.files:
            return
        ignored = {str(n) for n in self.opts["ignore"] if n}
        loaded = _Loaded(project, found)
        groups: dict[tuple[str, bool], list[ImportUse]] = {}
        for use in third_party_imports(project):
            if use.kind == "type-checking" or use.guarded or _is_tooling(use.file):
                continue
            key = import_key(use.target)
            if key in ignored or key.split(".")[0] in ignored or not loaded.counts(use):
                continue
            verdict = _verdict(found, use)
            if verdict is not None:
                groups.setdefault((key, verdict == "dev-only"), []).append(use)
        for (key, dev_only), uses in sorted(groups.items()):
            self._report(found, key, dev_only, uses)

    def _report(self, found: Manifests, key: str, dev_only: bool, uses: list[ImportUse]) -> None:
        first = min(uses, key=lambda u: (u.is_test, u.file, u.line))
        files = sorted({u.file for u in uses})
        others = [f for f in files if f != first.file]
        where = f"; also imported in {len(others)} other file(s): {', '.join(others[:3])}{', ...' if len(others) > 3 else ''}" if others else ""
        dists = distributions_for(key)
        provider = f" (provided by {', '.join(dists[:2])})" if dists and dists[0] != key.replace("_", "-").lower() else ""
        scopes = found.scopes_of(first.file)
        manifest_names = sorted({f for f in found.files if manifest_dir(f) in scopes})
        if dev_only:
            message = (
                f"`{key}`{provider} is imported by non-test code but declared only as a development dependency "
                f"({', '.join(manifest_names[:3])}): installs without dev dependencies fail{where}"
            )
        else:
            message = f"`{key}`{provider} is imported but no manifest declares it ({', '.join(manifest_names[:3])}){where}"
        severity = None
        if first.is_test:
            severity = Severity.LOW
        elif all(u.kind != "runtime" for u in uses):
            severity = Severity.MEDIUM
        self.report_at(first.file, first.line, message, severity=severity, snippet=first.text)


class _Loaded:
    """Which imports a missing package breaks for sure.

    In a library, optional integrations (a Jinja2 template backend, database drivers) sit
    in modules that only load when the user configures them; an undeclared import there
    is by design. So in a library only module-level imports count, in modules that
    importing the package loads (module-level imports) or that its entry points reach
    (imports inside functions too); `importlib` strings, which is how such backends are
    chosen, are not followed. In an application every
    import of the code counts; in tests, only names known to be distributions (the
    maintained table, the auditor's environment, a lock file): tests also import modules
    that they create on the fly.
    """

    def __init__(self, project: ProjectIndex, found: Manifests) -> None:
        self.found = found
        self.libraries = {d for d in found.dirs() if repository_kind_of(found, d, project) == "library"}
        self.module_of = {m.file: name for name, m in project.modules.items()}
        self.closure = _closure(project, self.libraries, found.entry_points) if self.libraries else set()
        self.locked = {lk.name for lk in found.locked}

    def counts(self, use: ImportUse) -> bool:
        if use.is_test:
            return use.kind == "runtime" and self._known(use.target)
        scopes = self.found.scopes_of(use.file)
        if scopes and scopes[-1] in self.libraries:
            return use.kind == "runtime" and self.module_of.get(use.file) in self.closure
        return True

    def _known(self, target: str) -> bool:
        dists = distributions_for(import_key(target))
        guessed = canonicalize_name(import_key(target).replace(".", "-"))
        return any(d != guessed or d in IMPORT_NAMES or d in self.locked for d in dists) or guessed in environment_names()


def _closure(project: ProjectIndex, libraries: set[str], entry_points: set[str]) -> set[str]:
    """Modules that importing the libraries' top-level packages loads (module-level
    imports), plus what running their entry points reaches (imports inside functions too:
    a command-line tool imports its commands lazily)."""
    kinds = dict(((u, v), kind) for u, v, kind in project.graph.edges(data="kind"))
    runtime = nx.DiGraph([e for e, kind in kinds.items() if kind == "runtime"])
    called = nx.DiGraph([e for e, kind in kinds.items() if kind in ("runtime", "deferred")])
    out: set[str] = set()
    for name, fact in project.modules.items():
        if "." not in name and not fact.is_test and any(d == "" or fact.file.startswith(d + "/") for d in libraries):
            out.add(name)
            out |= nx.descendants(runtime, name) if name in runtime else set()
    for name in entry_points & set(project.modules):
        out.add(name)
        out |= nx.descendants(called, name) if name in called else set()
    return out


def _is_tooling(relpath: str) -> bool:
    parts = relpath.split("/")
    return parts[-1] in TOOLING_FILES or any(p in TOOLING_DIRS for p in parts[:-1])


def _verdict(found: Manifests, use: ImportUse) -> str | None:
    """None when declared; "missing" or "dev-only" otherwise."""
    scopes = found.scopes_of(use.file)
    if not scopes or any(s in found.incomplete for s in scopes):
        return None
    declared = [d for d in found.declared if manifest_dir(d.file) in scopes]
    if use.is_test and not any(d.group == DEV for d in declared):
        return None  # no test dependencies listed anywhere: nothing to check tests against
    covering = [d for d in declared if _covers(d.name, use)]
    if any(d.group != DEV for d in covering):
        return None
    if covering:
        return None if use.is_test else "dev-only"
    if use.is_test and any(manifest_dir(lk.file) in scopes and _covers(lk.name, use) for lk in found.locked):
        return None  # the test environment is installed from the lock: pytest's pluggy is there
    return "missing"


def _covers(dist: str, use: ImportUse) -> bool:
    prefixes = import_prefixes(dist)
    return any(provides(prefixes, c) for c in use.candidates)
