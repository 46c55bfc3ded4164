"""OBS001: `print()` used for diagnostics in library or service code."""

from __future__ import annotations

import ast
from typing import Iterator

import libcst as cst

from auditor.analysis.entry_points import LibraryCodeRule
from auditor.helpers import ImportTable, ast_qualify, keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.rules.observability._idle import has_main_guard, in_library_function, keyword


class PrintInLibraryCode(LibraryCodeRule):
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
        self.idle = self._off or not self._can_report()

    def _can_report(self) -> bool:
        """A report needs a call resolving to builtins.print, without `file=`, inside a
        def or class of a file without a top-level `if __name__ ...` guard."""
        index = self.context.index
        if index is None:
            return True
        if "print" not in index.names or has_main_guard(index):
            return False
        return any(
            keyword(call, "file") is None and in_library_function(call, index)
            for call in _print_calls(index.of(ast.Call), self.context.imports)
        )

    def visit_Call(self, node: cst.Call) -> None:
        if not self.in_library_code():
            return
        if self.qualify(node.func) == "builtins.print" and keyword_arg(node, "file") is None:
            self.report(node, "print() in library/service code bypasses logging; use a module logger")


def _print_calls(calls: list[ast.Call], imports: ImportTable) -> Iterator[ast.Call]:
    """The calls whose function qualifies to builtins.print: only a bare name bound (or
    left) to the builtin, or `<name bound to builtins>.print`, can; a longer chain or a
    call has more dots or `()`."""
    printers = {name for name, bound in imports.bindings.items() if bound == "builtins.print"}
    if "print" not in imports.bindings:
        printers.add("print")
    for call in calls:
        func = call.func
        if type(func) is ast.Name:
            if func.id in printers:
                yield call
        elif type(func) is ast.Attribute and func.attr == "print" and ast_qualify(func, imports) == "builtins.print":
            yield call
