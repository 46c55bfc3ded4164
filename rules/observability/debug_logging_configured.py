"""OBS005: `logging.basicConfig(level=DEBUG)` in library or service code."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.analysis.entry_points import command_line_path, has_main_guard
from auditor.helpers import ast_qualify, keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.observability import _idle

_DEBUG = m.Attribute(attr=m.Name("DEBUG")) | m.Name("DEBUG") | m.SimpleString(value=m.MatchRegex(r"^['\"]DEBUG['\"]$")) | m.Integer("10")


class DebugLoggingConfigured(Rule):
    id = "OBS005"
    title = "Logging configured at DEBUG level in library or service code"
    category = Category.OBSERVABILITY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    effort = 5
    tags = ("logging",)
    refs = (
        "https://docs.python.org/3/library/logging.html#logging.basicConfig",
        "https://docs.python.org/3/howto/logging.html#configuring-logging-for-a-library",
    )
    why = """
        `basicConfig(level=logging.DEBUG)` in importable code turns on DEBUG for every
        library in the process (HTTP clients log headers and bodies, ORMs log every query
        with its parameters): log volume and cost explode, the useful lines drown, and
        tokens, cookies and personal data end up in the log store. In a library it also
        overrides the application's own configuration.
    """
    fix = "Configure logging once in the entry point from the environment (`level=os.environ.get(\"LOG_LEVEL\", \"INFO\")`); libraries never call basicConfig()."
    example = Example(
        before="""
            # file: shop/app.py
            import logging

            logging.basicConfig(level=logging.DEBUG)
        """,
        after="""
            # file: shop/app.py
            import logging
            import os

            logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
        """,
    )
    VALID = [
        """
        import logging
        logging.basicConfig(level=logging.INFO)
        def main():
            logging.basicConfig(level=logging.DEBUG)
        if __name__ == "__main__":
            main()
        """,
    ]
    INVALID = [
        """
        # file: shop/app.py
        import logging
        from logging import DEBUG, basicConfig
        logging.basicConfig(level=logging.DEBUG)  # expect
        basicConfig(format="%(message)s", level="DEBUG")  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._off = command_line_path(context.relpath, context.imports, context.is_test)
        self.idle = self._off or not self._can_report()

    def _can_report(self) -> bool:
        """A report needs a call resolving to logging.basicConfig with a `level=` that
        `_DEBUG` may match, in a file without a main guard."""
        index = self.context.index
        if index is None:
            return True
        if "basicConfig" not in index.names or _idle.has_main_guard(index):
            return False
        imports = self.context.imports
        for call in index.of(ast.Call):
            level = _idle.keyword(call, "level")
            if level is not None and _debug(level.value) and ast_qualify(call.func, imports) == "logging.basicConfig":
                return True
        return False

    def visit_Module(self, node: cst.Module) -> None:
        if has_main_guard(node):
            self._off = True

    def visit_Call(self, node: cst.Call) -> None:
        if self._off or self.qualify(node.func) != "logging.basicConfig":
            return
        level = keyword_arg(node, "level")
        if level is not None and m.matches(level.value, _DEBUG):
            self.report(node, "logging.basicConfig(level=DEBUG) in importable code floods logs and may leak secrets")


def _debug(node: ast.expr) -> bool:
    """What `_DEBUG` may match in the stdlib tree: `x.DEBUG`, `DEBUG`, "DEBUG", 10."""
    if isinstance(node, ast.Attribute):
        return node.attr == "DEBUG"
    if isinstance(node, ast.Name):
        return node.id == "DEBUG"
    return isinstance(node, ast.Constant) and node.value in ("DEBUG", 10) and not isinstance(node.value, bool)
