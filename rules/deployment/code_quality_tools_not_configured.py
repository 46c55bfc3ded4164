"""DPL013: no linter, formatter or type checker configured anywhere."""

from __future__ import annotations

import re

from auditor.analysis.deployment import CI_FILES, anchor
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_TOOLS = "ruff|flake8|pylint|black|mypy|pyright|pytype|pyre|isort|autopep8|yapf|pycodestyle|pyflakes|prospector|pylama|blue|basedpyright|pyrefly|ty"
_CONFIG_FILES = (
    ".flake8", ".pylintrc", "pylintrc", "mypy.ini", ".mypy.ini", "ruff.toml", ".ruff.toml", "pyrightconfig.json",
    ".pre-commit-config.yaml", ".pre-commit-config.yml", ".isort.cfg", ".pep8", ".style.yapf", ".prospector.yaml",
    ".pylama.ini", "pytype.cfg", ".pyre_configuration", "lefthook.yml", ".editorconfig-checker.json",
)
_SECTIONS = re.compile(rf"^\s*\[(?:tool\.(?:{_TOOLS})\b|(?:{_TOOLS})\b|mypy-|pylint\.|MASTER\]|MESSAGES CONTROL\])", re.M | re.I)
_MENTIONS = re.compile(rf"(?<![\w-])(?:{_TOOLS})(?![\w-])", re.I)
_SETTINGS = ("pyproject.toml", "setup.cfg", "tox.ini")
_MENTIONING = ("Makefile", "noxfile.py", "justfile", "Justfile", "requirements*dev*.txt", "requirements*lint*.txt", "dev-requirements*.txt")


class CodeQualityToolsNotConfigured(ProjectRule):
    id = "DPL013"
    title = "No linter, formatter or type checker configured"
    category = Category.DEPLOYMENT
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    effort = 60
    options = {"min-modules": 3}  # a handful of scripts need no tooling
    refs = (
        "https://docs.astral.sh/ruff/",
        "https://mypy.readthedocs.io/en/stable/",
        "https://pre-commit.com/",
    )
    tags = ("tooling", "stage-sensitive")
    why = """
        With no linter, formatter or type checker, every review spends its time on style and
        on bugs a tool finds in milliseconds (undefined names, unused imports hiding typos,
        `None` passed where a value is required), code style drifts per author, and
        refactors break call sites nobody re-checks. Past the prototype stage this shows up
        as slower reviews and regressions. Looked for: ruff, flake8, pylint, black, isort,
        mypy, pyright and others, configured in pyproject.toml, setup.cfg, tox.ini, their
        own files, pre-commit, a Makefile/noxfile or a CI workflow.
        """
    fix = """
        Add ruff (lint and format) and a type checker, configured in pyproject.toml
        (`[tool.ruff]`, `[tool.mypy]`), run by pre-commit and in CI, so every change is
        checked the same way.
        """
    example = Example(
        before="""
            # file: pyproject.toml
            [project]  # expect
            name = "shop"
            # file: shop/__init__.py
            # file: shop/cart.py
            # file: shop/orders.py
            """,
        after="""
            # file: pyproject.toml
            [project]
            name = "shop"

            [tool.ruff]
            line-length = 100
            # file: shop/__init__.py
            # file: shop/cart.py
            # file: shop/orders.py
            """,
    )
    VALID = [
        """
        # file: setup.cfg
        [flake8]
        max-line-length = 100
        # file: a.py
        # file: b.py
        # file: c.py
        """,
        """
        # file: .github/workflows/lint.yml
        jobs:
          lint:
            steps:
              - run: pipx run ruff check .
        # file: a.py
        # file: b.py
        # file: c.py
        """,
        """
        # file: one_script.py
        print("hello")
        """,
    ]
    INVALID = [
        """
        # file: app/__init__.py
        # file: app/main.py
        import os  # expect
        # file: app/util.py
        # file: tests/test_main.py
        # file: tox.ini
        [tox]
        envlist = py312
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        product = [m for m in project.modules.values() if not m.is_test and is_product_path(m.file)]
        if len(product) < int(self.opts["min-modules"]) or _configured(project):
            return
        file, line = anchor(project)
        if not file:
            return
        text = project.read_text(file, limit=1024 * 1024) or ""
        self.report_at(
            file,
            line,
            "no linter, formatter or type checker is configured (ruff, flake8, black, mypy, pre-commit...)",
            snippet=text.splitlines()[0][:300] if text else "",
        )


def _configured(project: ProjectIndex) -> bool:
    if any(name in project.other_files or name in _python_files(project) for name in _CONFIG_FILES):
        return True
    for name in _SETTINGS:
        if name in project.other_files and _SECTIONS.search(project.read_text(name, limit=1024 * 1024) or ""):
            return True
    for rel in project.files_matching(*CI_FILES, *_MENTIONING):
        if _MENTIONS.search(project.read_text(rel, limit=512 * 1024) or ""):
            return True
    return any(_MENTIONS.search(project.read_text(m.file, limit=256 * 1024) or "") for m in project.modules.values() if m.file == "noxfile.py")


def _python_files(project: ProjectIndex) -> set[str]:
    return {m.file for m in project.modules.values()}
