"""OBS004: module-level `logging.info(...)` calls (the root logger) in library code."""

from __future__ import annotations

import libcst as cst

from auditor.analysis.entry_points import command_line_path, has_main_guard
from auditor.analysis.logging_calls import logging_method
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.observability import _idle


class RootLoggerUsed(Rule):
    id = "OBS004"
    title = "Root logger used directly (logging.info(...))"
    category = Category.OBSERVABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 5
    tags = ("logging",)
    refs = (
        "https://docs.python.org/3/howto/logging.html#advanced-logging-tutorial",
        "https://docs.python.org/3/howto/logging.html#configuring-logging-for-a-library",
    )
    why = """
        `logging.info()` and friends log through the root logger, and when the root logger
        has no handler yet they call `basicConfig()` for you, installing a stderr handler
        at import or first use. In a library that hijacks the application's logging setup;
        in a service the records carry no module name, so they cannot be filtered, routed
        or set to another level per component, and you cannot tell where a line came from.
    """
    fix = "Create a module logger once, `logger = logging.getLogger(__name__)`, and call `logger.info(...)`."
    example = Example(
        before="""
            import logging

            def sync():
                logging.info("sync started")
        """,
        after="""
            import logging

            logger = logging.getLogger(__name__)

            def sync():
                logger.info("sync started")
        """,
    )
    VALID = [
        """
        import logging
        logger = logging.getLogger(__name__)
        def sync():
            logger.info("sync started")
            logging.getLogger("audit").warning("x")
        """,
        """
        import logging
        def main():
            logging.info("starting")
        if __name__ == "__main__":
            main()
        """,
    ]
    INVALID = [
        """
        # file: shop/sync.py
        import logging
        from logging import warning
        def sync():
            logging.info("sync started")  # expect
            logging.exception("failed")  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._off = command_line_path(context.relpath, context.imports, context.is_test)
        self.idle = self._off or not self._can_report()

    def _can_report(self) -> bool:
        """A report needs a logging call through the root logger (`logging.info(...)`,
        its receiver bound to the logging module) in a file without a main guard."""
        index = self.context.index
        if index is None:
            return True
        roots = any(root for _, _, root in _idle.logging_calls(index, self.context.imports))
        return roots and not _idle.has_main_guard(index)

    def visit_Module(self, node: cst.Module) -> None:
        if has_main_guard(node):
            self._off = True

    def visit_Call(self, node: cst.Call) -> None:
        if self._off:
            return
        found = logging_method(node, self.context.imports)
        if found is not None and found[1]:
            self.report(node, f"logging.{found[0]}() logs through the root logger; use logging.getLogger(__name__)")
