"""ERR004: `KeyboardInterrupt` or `SystemExit` caught and ignored."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.helpers import AstIndex, ImportTable, ast_qualify
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.analysis.except_blocks import NOOP_BODY, handler_types
from auditor.rules.error_handling import _idle

_INTERRUPTS = frozenset({"builtins.KeyboardInterrupt", "builtins.SystemExit", "builtins.GeneratorExit"})


class InterruptSwallowed(Rule):
    id = "ERR004"
    title = "KeyboardInterrupt or SystemExit caught and ignored"
    category = Category.ERROR_HANDLING
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 5
    refs = (
        "https://docs.python.org/3/library/exceptions.html#KeyboardInterrupt",
        "https://docs.python.org/3/library/exceptions.html#SystemExit",
    )
    why = """
        `SystemExit` is how `sys.exit()` and a worker's graceful shutdown end the process;
        `KeyboardInterrupt` is Ctrl-C and, in many servers, the SIGINT a supervisor sends.
        Catching one inside a loop and carrying on (`pass`, `continue`) makes the process ignore the
        request to stop: deploys hang until the orchestrator's kill timeout and SIGKILL,
        in-flight work is cut off uncleanly instead of drained, and developers cannot
        interrupt a loop.
    """
    fix = """
        Do not catch them, or clean up and re-raise (`except KeyboardInterrupt: cleanup(); raise`).
        Use `try/finally` or a signal handler for shutdown work.
    """
    example = Example(
        before="""
            def serve(queue):
                while True:
                    try:
                        handle(queue.get())
                    except KeyboardInterrupt:
                        continue
        """,
        after="""
            def serve(queue):
                try:
                    while True:
                        handle(queue.get())
                finally:
                    queue.close()
        """,
    )
    VALID = [
        """
        import sys
        def main():
            try:
                run()
            except KeyboardInterrupt:
                print("aborted")
                sys.exit(130)
            try:
                run()
            except SystemExit:
                cleanup()
                raise
        """,
        # The end of a main(): the process exits right after.
        """
        def main():
            try:
                serve_forever()
            except KeyboardInterrupt:
                pass
        """,
    ]
    INVALID = [
        """
        def loop():
            while True:
                try:
                    step()
                except (ValueError, KeyboardInterrupt):  # expect
                    continue
                try:
                    step()
                except SystemExit:  # expect
                    pass
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # Loop depth per function: ignoring an interrupt matters when the code carries on
        # looping; a quiet `except KeyboardInterrupt: pass` at the end of a main() exits.
        self._loops: list[int] = [0]
        # A test file never reports (visit_ExceptHandler); elsewhere, see _can_report.
        self.idle = context.is_test or (context.index is not None and not _can_report(context.index, context.imports))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._loops.append(0)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._loops.pop()

    def visit_For(self, node: cst.For) -> None:
        self._loops[-1] += 1

    def leave_For(self, original_node: cst.For) -> None:
        self._loops[-1] -= 1

    def visit_While(self, node: cst.While) -> None:
        self._loops[-1] += 1

    def leave_While(self, original_node: cst.While) -> None:
        self._loops[-1] -= 1

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if self.context.is_test or not self._loops[-1] or not m.matches(node.body, NOOP_BODY):
            return
        for expr in handler_types(node.type):
            name = self.qualify(expr)
            if name in _INTERRUPTS:
                shown = name.rpartition(".")[2]
                self.report(node, f"`except {shown}` that does nothing: the process ignores the request to stop")
                return


def _can_report(index: AstIndex, imports: ImportTable) -> bool:
    """A report needs a no-op `except` handler naming an interrupt (whether it sits in a
    loop is left to the walk)."""
    for handler in index.of(ast.ExceptHandler):
        if handler.type is None or not _idle.is_noop_body(handler.body):
            continue
        if any(ast_qualify(expr, imports) in _INTERRUPTS for expr in _idle.handler_types(handler.type)):
            return True
    return False
