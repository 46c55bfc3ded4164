from __future__ import annotations

import re
from fnmatch import fnmatch

from packaging.utils import canonicalize_name

from auditor.analysis.manifests import (
    RUNTIME,
    STDLIB,
    Declared,
    GuardedImports,
    ImportUse,
    Manifests,
    import_prefixes,
    manifest_dir,
    manifests,
    provides,
    third_party_imports,
)
from auditor.analysis.package_data import NOT_IMPORTED
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

# Non-Python files where a command-line tool or a plugin shows that it is used.
CONFIG_GLOBS = (
    "Dockerfile*", "*.Dockerfile", "Containerfile", "Procfile", "Makefile", "*.sh", "*.ini", "*.cfg",
    "*.conf", "*.yml", "*.yaml", "*.toml", "*.json", "*.service",
)
_MAX_TEXTS = 3000


class UnusedDependency(ProjectRule):
    """A runtime dependency that no module of the repository imports."""

    id = "DEP002"
    title = "Declared dependency never imported"
    category = Category.DEPENDENCIES
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    refs = ("https://packaging.python.org/en/latest/guides/writing-pyproject-toml/#dependencies-and-requirements",)
    tags = ("supply-chain", "manifests")
    options = {"ignore": []}  # distribution names (globs) never reported
    effort = 5
    needs = (GuardedImports,)
    why = """
        Every runtime dependency is installed in every environment, widens the attack
        surface (its advisories become yours), slows builds and image pulls, and constrains
        upgrades of everything it pins. A dependency nobody imports is usually left over from
        removed code, or is a test/dev tool listed as a runtime requirement, so production
        ships pytest or a linter.
        """
    fix = """
        Remove the requirement, or move it to the group that uses it (a test or dev
        dependency group, an optional extra). Servers, drivers and plugins that are loaded by
        name rather than imported (gunicorn, psycopg2, pytest plugins) are known; add others
        to the `ignore` option.
        """
    example = Example(
        before="""
            # file: requirements.txt
            requests==2.32.3
            arrow==1.3.0
            # file: app/__init__.py
            import requests
            """,
        after="""
            # file: requirements.txt
            requests==2.32.3
            # file: app/__init__.py
            import requests
            """,
    )
    VALID = [
        """
        # file: requirements.txt
        requests==2.32.3
        PyYAML==6.0.2
        gunicorn==23.0.0
        psycopg2-binary==2.9.9
        django-cors-headers==4.4.0
        django-environ==0.11.2
        # file: app/__init__.py
        import requests
        import environ
        def load():
            import yaml
        # file: app/settings.py
        INSTALLED_APPS = ["corsheaders"]
        """,
        """
        # file: pyproject.toml
        [project]
        name = "shop"
        dependencies = ["stripe>=9"]
        [project.optional-dependencies]
        redis = ["redis>=5"]
        # file: shop/__init__.py
        # file: shop/pay.py
        import stripe
        """,
    ]
    INVALID = [
        """
        # file: requirements.txt
        requests==2.32.3
        arrow==1.3.0  # expect
        pytest==8.3.3
        # file: app/__init__.py
        import requests
        """,
        """
        # file: pyproject.toml
        [project]
        name = "shop"
        dependencies = [
            "stripe>=9",
            "freezegun>=1.5",  # expect
        ]
        # file: shop/__init__.py
        import stripe
        # file: tests/test_shop.py
        import freezegun
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        found = manifests(project)
        for file, message in found.errors:
            self.report_error(file, message)
        uses = third_party_imports(project)
        ignored = tuple(str(n).lower() for n in self.opts["ignore"] if n)
        tops = {name.split(".")[0] for name in project.modules}
        mentions = _Mentions(project, found)
        for directory in found.dirs():
            if directory in found.incomplete:
                continue
            local = [u for u in uses if _within(u.file, directory)]
            if not any(_within(m.file, directory) for m in project.modules.values()):
                continue  # manifests of a folder without code (docs/requirements.txt)
            for decl in found.declared_in(directory):
                if not _candidate(decl, found, directory, ignored, tops):
                    continue
                users = [u for u in local if any(provides(import_prefixes(decl.name), c) for c in u.candidates)]
                if any(not u.is_test for u in users):
                    continue
                if mentions.mentioned(decl, directory):
                    continue
                self._report(decl, users)

    def _report(self, decl: Declared, users: list[ImportUse]) -> None:
        names = ", ".join(import_prefixes(decl.name)) or decl.name
        if users:
            message = (
                f"`{decl.raw_name}` is a runtime dependency ({decl.file}) but only tests import it "
                f"({users[0].file}): move it to a test dependency group"
            )
        else:
            message = f"`{decl.raw_name}` is declared in {decl.file} but no module imports it (import name: {names})"
        self.report_at(decl.file, decl.line, message, snippet=decl.text)


def _within(path: str, directory: str) -> bool:
    return directory == "" or path.startswith(directory + "/")


def _candidate(decl: Declared, found: Manifests, directory: str, ignored: tuple[str, ...], tops: set[str]) -> bool:
    """A runtime requirement that could be reported: not a known tool, driver or plugin,
    not a local path, not the project itself, not a standard-library backport."""
    if decl.group != RUNTIME or decl.url:
        return False
    if decl.name == canonicalize_name(found.libraries.get(directory, "")):
        return False
    if any(fnmatch(decl.name, p) for p in (*NOT_IMPORTED, *ignored)):
        return False
    prefixes = import_prefixes(decl.name)
    if not prefixes:
        return False  # type stubs and other never-imported distributions
    return not all(p.split(".")[0] in STDLIB or p.split(".")[0] in tops for p in prefixes)


class _Mentions:
    """Whether a requirement is used without an import statement: a settings string
    (`INSTALLED_APPS = ["corsheaders"]`, a backend path), a command in a Procfile,
    Dockerfile or config file. Texts are read once, when first needed."""

    def __init__(self, project: ProjectIndex, found: Manifests) -> None:
        self.project = project
        self.skip = set(found.files) | set(found.lock_files)
        self._python: list[tuple[str, str]] | None = None
        self._config: list[tuple[str, str]] | None = None

    def mentioned(self, decl: Declared, directory: str) -> bool:
        names = [p for p in import_prefixes(decl.name)]
        quoted = re.compile(r"""["'](?:%s)(?:["'.:])""" % "|".join(re.escape(n) for n in names))
        word = re.compile(r"(?<![\w.-])(?:%s)(?![\w-])" % "|".join(re.escape(n) for n in {decl.raw_name, decl.name, *names}))
        for file, text in self._python_texts():
            if _within(file, directory) and quoted.search(text):
                return True
        return any(_within(file, directory) and word.search(text) for file, text in self._config_texts())

    def _python_texts(self) -> list[tuple[str, str]]:
        if self._python is None:
            files = sorted(m.file for m in self.project.modules.values())[:_MAX_TEXTS]
            self._python = [(f, t) for f in files if (t := self.project.read_text(f)) is not None]
        return self._python

    def _config_texts(self) -> list[tuple[str, str]]:
        if self._config is None:
            files = [f for f in self.project.files_matching(*CONFIG_GLOBS) if f not in self.skip][:_MAX_TEXTS]
            self._config = [(f, t) for f in files if (t := self.project.read_text(f)) is not None]
        return self._config
