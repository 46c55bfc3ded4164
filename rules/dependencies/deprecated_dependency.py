from __future__ import annotations

from auditor.analysis.manifests import GuardedImports, manifests
from auditor.analysis.package_data import DEPRECATED, REMOVED_MODULES
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class DeprecatedDependency(ProjectRule):
    """A dependency that is abandoned, deprecated or renamed, with a known successor, or an
    import of a standard-library module that new Pythons removed."""

    id = "DEP006"
    title = "Deprecated or abandoned package with a known successor"
    category = Category.DEPENDENCIES
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://peps.python.org/pep-0594/",
        "https://peps.python.org/pep-0632/",
        "https://docs.python.org/3/whatsnew/3.12.html#removed",
    )
    tags = ("supply-chain", "maintenance")
    options = {"ignore": []}  # distribution or module names never reported
    effort = 60
    needs = (GuardedImports,)
    why = """
        An abandoned package gets no security fixes (pycrypto's known holes will never be
        patched), breaks on new Python releases (nose fails on 3.10+) and blocks upgrades of
        everything around it. Modules removed from the standard library (`distutils` and
        `imp` in 3.12, `cgi`, `crypt`, `telnetlib` and the rest of PEP 594 in 3.13) turn an
        interpreter upgrade into `ModuleNotFoundError` at start-up.
        """
    fix = """
        Move to the named successor: pycryptodome for pycrypto, pytest for nose,
        `unittest.mock` for mock, drf-spectacular for django-rest-swagger, setuptools or
        packaging for distutils, importlib for imp. Most successors keep the API close; the
        finding names the replacement.
        """
    example = Example(
        before="""
            # file: requirements.txt
            pycrypto==2.6.1
            # file: app/__init__.py
            from Crypto.Cipher import AES
            """,
        after="""
            # file: requirements.txt
            pycryptodome==3.21.0
            # file: app/__init__.py
            from Crypto.Cipher import AES
            """,
    )
    VALID = [
        """
        # file: pyproject.toml
        [project]
        name = "shop"
        dependencies = ["pycryptodome>=3.20", "dataclasses; python_version < '3.7'"]
        [dependency-groups]
        test = ["pytest>=8"]
        # file: shop/__init__.py
        import importlib
        from unittest import mock
        try:
            import imp
        except ImportError:
            imp = None
        """,
    ]
    INVALID = [
        """
        # file: requirements.txt
        pycrypto==2.6.1  # expect
        nose  # expect
        requests==2.32.3
        # file: app/__init__.py
        from distutils.version import LooseVersion  # expect
        import cgi  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        found = manifests(project)
        for file, message in found.errors:
            self.report_error(file, message)
        ignored = {str(n).lower() for n in self.opts["ignore"] if n}
        for decl in found.declared:
            if decl.name not in DEPRECATED or decl.name in ignored:
                continue
            successor, reason = DEPRECATED[decl.name]
            if decl.name in _BACKPORTS and "python_version" in decl.marker:
                continue  # meant for old interpreters only
            self.report_at(
                decl.file,
                decl.line,
                f"`{decl.raw_name}` is {reason}: use {successor} instead",
                snippet=decl.text,
            )
        guarded = project.facts(GuardedImports.key)
        for fact in sorted(project.modules.values(), key=lambda m: m.file):
            lines = set(guarded.get(fact.file) or ())
            for imp in fact.imports:
                top = imp.target.split(".")[0]
                if top not in REMOVED_MODULES or top in ignored or imp.line in lines or top in project.modules:
                    continue
                removed_in, replacement = REMOVED_MODULES[top]
                self.report_at(
                    fact.file,
                    imp.line,
                    f"`{top}` was removed from the standard library in Python {removed_in}: use {replacement}",
                    snippet=imp.text,
                )


# Standard-library backports: fine under a `python_version` marker for old interpreters.
_BACKPORTS = frozenset({"enum34", "futures", "typing", "dataclasses", "pathlib", "argparse", "ipaddress", "mock"})
