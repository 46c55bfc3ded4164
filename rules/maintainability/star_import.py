from __future__ import annotations

import ast

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule


class StarImport(Rule):
    """`from module import *` outside a package's `__init__.py` (where re-exporting a
    submodule's names is the point, and `__all__` says which)."""

    id = "MNT015"
    title = "Star import hides where names come from"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    refs = (
        "https://peps.python.org/pep-0008/#imports",
        "https://docs.astral.sh/ruff/rules/undefined-local-with-import-star/",
    )
    tags = ("imports",)
    options = {"allow-in-init": True}
    effort = 5
    why = """
        `import *` pulls in whatever the other module defines today: a name added there
        silently shadows one of yours, readers and linters cannot tell where a name comes
        from, and unused or undefined names go unnoticed until they fail at run time.
        """
    fix = """
        Import the names you use (`from module import a, b`) or the module itself
        (`import module` and `module.a`). In a package `__init__.py` that re-exports, list
        the names in the submodule's `__all__` (allowed by default:
        `options.MNT015.allow-in-init`).
        """
    example = Example(
        before="""
            from os.path import *

            def config_file(home):
                return join(home, ".apprc")
            """,
        after="""
            from os.path import join

            def config_file(home):
                return join(home, ".apprc")
            """,
    )
    VALID = [
        """
        # file: pkg/__init__.py
        from pkg.core import *
        # file: pkg/core.py
        __all__ = ["run"]
        def run():
            return 1
        """,
        """
        from os.path import join
        """,
    ]
    INVALID = [
        """
        from os.path import *  # expect
        from typing import Any
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = not self._can_report()

    def _can_report(self) -> bool:
        """A report needs `from ... import *` outside an allowed `__init__.py`."""
        if self.opts["allow-in-init"] and self.context.relpath.rsplit("/", 1)[-1] == "__init__.py":
            return False
        index = self.context.index
        return index is None or any(node.names[0].name == "*" for node in index.of(ast.ImportFrom))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            return
        if self.opts["allow-in-init"] and self.context.relpath.rsplit("/", 1)[-1] == "__init__.py":
            return
        module = cst.Module([]).code_for_node(node.module) if node.module is not None else ""
        self.report(node, f"`from {'.' * len(node.relative)}{module} import *` hides where names come from")
