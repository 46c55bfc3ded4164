from __future__ import annotations

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from auditor.analysis.manifests import RUNTIME, Declared, manifests, repository_kind_of
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

BOUNDING = ("==", "===", "<", "<=", "~=")


class UnpinnedApplicationDependency(ProjectRule):
    """An application's runtime requirements without an upper bound, and no lock file."""

    id = "DEP003"
    title = "Application dependencies not pinned and no lock file"
    category = Category.DEPENDENCIES
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://pip.pypa.io/en/stable/topics/repeatable-installs/",
        "https://docs.astral.sh/uv/concepts/projects/sync/",
    )
    tags = ("supply-chain", "reproducibility", "manifests")
    effort = 20
    why = """
        An application is deployed, not depended upon: what runs in production should be
        exactly what was tested. With `Django>=4.2` or a bare `requests` and no lock file,
        every build resolves anew, so a new major release (or a compromised one) reaches
        production on an unrelated deploy, two replicas built a day apart run different
        code, and a rollback does not roll back the libraries.
        """
    fix = """
        Lock the whole dependency tree: `uv lock` / `poetry lock` / `pipenv lock`, or keep
        the loose requirements in `requirements.in` and compile them with
        `pip-compile --generate-hashes` (or `uv pip compile`) into the requirements.txt the
        deployment installs. At the least, pin each requirement with `==`.
        """
    example = Example(
        before="""
            # file: requirements.txt
            django>=4.2
            requests
            # file: app/__init__.py
            import django, requests
            """,
        after="""
            # file: requirements.txt
            django==5.1.4
            requests==2.32.3
            # file: app/__init__.py
            import django, requests
            """,
    )
    VALID = [
        """
        # file: requirements.txt
        django==5.1.4
        requests~=2.32.0
        celery>=5.4,<6
        # file: app/__init__.py
        """,
        """
        # file: pyproject.toml
        [project]
        name = "api"
        version = "1.0"
        dependencies = ["fastapi>=0.110"]
        # file: uv.lock
        version = 1
        [[package]]
        name = "fastapi"
        version = "0.115.0"
        # file: api/__init__.py
        """,
        """
        # file: pyproject.toml
        [build-system]
        requires = ["setuptools>=69"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "shoplib"
        version = "1.0"
        dependencies = ["requests>=2"]
        # file: shoplib/__init__.py
        """,
    ]
    INVALID = [
        """
        # file: requirements.txt
        django==5.1.4
        requests>=2.0  # expect
        redis
        # file: app/__init__.py
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        found = manifests(project)
        for file, message in found.errors:
            self.report_error(file, message)
        for directory in found.dirs():
            if directory in found.incomplete or found.has_lock(directory):
                continue
            if repository_kind_of(found, directory, project) != "application":
                continue
            by_file: dict[str, list[Declared]] = {}
            for decl in found.declared_in(directory):
                if decl.group == RUNTIME:
                    by_file.setdefault(decl.file, []).append(decl)
            for file, decls in sorted(by_file.items()):
                loose = [d for d in decls if not _bounded(d)]
                if loose:
                    self._report(file, decls, loose)

    def _report(self, file: str, decls: list[Declared], loose: list[Declared]) -> None:
        names = ", ".join(d.raw_name + (f" {d.specifier}" if d.specifier else "") for d in loose[:6])
        more = f" and {len(loose) - 6} more" if len(loose) > 6 else ""
        message = (
            f"{len(loose)} of {len(decls)} runtime requirement(s) in {file} have no upper bound and no lock file "
            f"fixes them: {names}{more}; every build may install different versions"
        )
        self.report_at(file, loose[0].line, message, snippet=loose[0].text)


def _bounded(decl: Declared) -> bool:
    if decl.url or decl.hashes:
        return True
    try:
        spec = SpecifierSet(decl.specifier)
    except InvalidSpecifier:
        return True  # not ours to judge
    return any(s.operator in BOUNDING for s in spec)
