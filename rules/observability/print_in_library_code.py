"""OBS001: `print()` used for diagnostics in library or service code."""

from __future__ import annotations

import libcst as cst

from auditor.analysis.entry_points import LibraryCodeRule
from auditor.helpers import keyword_arg
from auditor.model import Category, Confidence, Example, Severity


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

    def visit_Call(self, node: cst.Call) -> None:
        if not self.in_library_code():
            return
        if self.qualify(node.func) == "builtins.print" and keyword_arg(node, "file") is None:
            self.report(node, "print() in library/service code bypasses logging; use a module logger")
