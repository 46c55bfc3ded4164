from __future__ import annotations

from packaging.utils import canonicalize_name

from auditor.analysis.manifests import DEV, manifests, repository_kind_of
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

# Files whose requirements become the metadata of the built distribution.
METADATA_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


class ExactPinInLibrary(ProjectRule):
    """A library that requires one exact version (`==`) of a dependency."""

    id = "DEP004"
    title = "Library pins an exact dependency version"
    category = Category.DEPENDENCIES
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://packaging.python.org/en/latest/discussions/install-requires-vs-requirements/",
        "https://iscinumpy.dev/post/bound-version-constraints/",
    )
    tags = ("supply-chain", "manifests")
    effort = 10
    why = """
        A library's requirements become constraints on every application that installs it.
        `requests==2.31.0` in `install_requires` means no project using the library can take
        a security fix of requests, and any two libraries that pin different versions cannot
        be installed together: pip reports a resolution conflict, or an old resolver silently
        breaks one of them.
        """
    fix = """
        Declare the range the library works with (`requests>=2.28`, with an upper bound only
        for a known incompatibility) and pin exact versions in the application's lock file or
        in the library's own test/CI constraints, not in its install requirements.
        """
    example = Example(
        before="""
            # file: pyproject.toml
            [build-system]
            requires = ["setuptools>=69"]
            build-backend = "setuptools.build_meta"
            [project]
            name = "shoplib"
            version = "1.0"
            dependencies = ["requests==2.31.0"]
            # file: shoplib/__init__.py
            """,
        after="""
            # file: pyproject.toml
            [build-system]
            requires = ["setuptools>=69"]
            build-backend = "setuptools.build_meta"
            [project]
            name = "shoplib"
            version = "1.0"
            dependencies = ["requests>=2.28"]
            # file: shoplib/__init__.py
            """,
    )
    VALID = [
        """
        # file: pyproject.toml
        [build-system]
        requires = ["setuptools>=69"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "shoplib"
        version = "1.0"
        dependencies = ["requests>=2.28", "shoplib-core==1.0"]
        [dependency-groups]
        test = ["pytest==8.3.3"]
        # file: shoplib/__init__.py
        # file: core/pyproject.toml
        [build-system]
        requires = ["setuptools>=69"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "shoplib-core"
        version = "1.0"
        # file: core/shoplib_core/__init__.py
        """,
        """
        # file: requirements.txt
        requests==2.31.0
        # file: app/__init__.py
        """,
    ]
    INVALID = [
        """
        # file: setup.py
        from setuptools import setup
        REQUIRES = [
            "requests==2.31.0",  # expect
            "click>=8",
        ]
        setup(name="shoplib", install_requires=REQUIRES, extras_require={"yaml": ["PyYAML===6.0.1"]})  # expect
        # file: shoplib/__init__.py
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        found = manifests(project)
        for file, message in found.errors:
            self.report_error(file, message)
        siblings = {canonicalize_name(n) for n in found.libraries.values()}
        for directory in found.dirs():
            if repository_kind_of(found, directory, project) != "library":
                continue
            for decl in found.declared_in(directory):
                if decl.group == DEV or not decl.file.endswith(METADATA_FILES) or decl.name in siblings:
                    continue
                version = decl.pinned_version
                if version is None:
                    continue
                where = f"extra `{decl.group_name}`" if decl.group_name else "install requirements"
                self.report_at(
                    decl.file,
                    decl.line,
                    f"`{decl.raw_name}{decl.specifier}` pins one exact version in the {where} of the library "
                    f"{found.libraries[directory]}: applications that install it cannot take other releases of "
                    f"{decl.raw_name} (security fixes included) and conflict with any other pin",
                    snippet=decl.text,
                )
