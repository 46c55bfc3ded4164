"""OBS001: `print()` used for diagnostics in library or service code."""

from __future__ import annotations

import libcst as cst

from auditor.analysis.entry_points import CLI_FUNCTIONS, command_line_path, has_main_guard
from auditor.helpers import keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule


class PrintInLibraryCode(Rule):
    id = "OBS001"
    title = "print() used instead of logging in library or service code"
    category = Category.OBSERVABILITY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    effort = 5
    tags = ("logging",)
    refs = (
        "https://docs.python.org/3/howto/logging.html#when-to-use-logging",
        "https://12factor.net/logs",
    )
    why = """
        `print()` writes unstructured text to stdout with no level, no timestamp, no logger
        name and no request context. In a service it bypasses the logging configuration:
        it cannot be filtered or silenced, it is not shipped with the right severity (or at
        all, when stdout is buffered and the worker is killed), and it interleaves with
        other workers' output. In a library it writes into the host application's output,
        which the application cannot turn off.
    """
    fix = "Use a module logger: `logger = logging.getLogger(__name__)` and `logger.info(...)`/`logger.debug(...)`; keep print() for command-line output."
    example = Example(
        before="""
            def import_rows(rows):
                for row in rows:
                    print("importing", row["id"])
        """,
        after="""
            import logging

            logger = logging.getLogger(__name__)

            def import_rows(rows):
                for row in rows:
                    logger.debug("importing %s", row["id"])
        """,
    )
    VALID = [
        """
        import sys
        def report(rows, out):
            print("rows:", len(rows), file=out)
        def main():
            print("done")
        if __name__ == "__main__":
            main()
        """,
        """
        # file: tool/cli.py
        def show(x):
            print(x)
        """,
        """
        import click
        def show(x):
            print(x)
        """,
    ]
    INVALID = [
        """
        # file: shop/services.py
        class Importer:
            def run(self, rows):
                print(f"importing {len(rows)} rows")  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._off = command_line_path(context.relpath, context.imports, context.is_test)
        self._functions: list[str] = []

    def visit_Module(self, node: cst.Module) -> None:
        if has_main_guard(node):
            self._off = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._functions.append(f"class {node.name.value}")  # a method `run` is no entry point

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._functions.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if self._off or not self._functions or self._functions[0] in CLI_FUNCTIONS:
            return
        if self.qualify(node.func) == "builtins.print" and keyword_arg(node, "file") is None:
            self.report(node, "print() in library/service code bypasses logging; use a module logger")
