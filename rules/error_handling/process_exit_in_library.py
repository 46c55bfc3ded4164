"""ERR007: `sys.exit()` / `os._exit()` / `exit()` called from library code."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.analysis.entry_points import LibraryCodeRule
from auditor.helpers import AstIndex, ImportTable, ast_qualify
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Report

_EXITS = frozenset({"sys.exit", "os._exit", "builtins.exit", "builtins.quit"})
_INPUT = frozenset({"builtins.input", "getpass.getpass"})
_FORK = frozenset({"os.fork", "os.forkpty"})
_EXIT_NAMES = frozenset(name.rpartition(".")[2] for name in _EXITS)


class ProcessExitInLibrary(LibraryCodeRule):
    id = "ERR007"
    title = "Process exit called from library code"
    category = Category.ERROR_HANDLING
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 15
    refs = (
        "https://docs.python.org/3/library/sys.html#sys.exit",
        "https://docs.python.org/3/library/os.html#os._exit",
    )
    why = """
        `sys.exit()` deep in reusable code takes the decision to end the program away from
        the caller: in a web worker it kills the worker mid-request (or is swallowed by a
        broad handler), in a Celery task it marks the worker lost, in tests it aborts the
        run. `os._exit()` is worse: no `finally` blocks, no flushing of buffers or logs,
        no closing of database transactions. `exit()`/`quit()` are meant for the
        interactive shell and are missing under `python -S`.
    """
    fix = """
        Raise an exception that says what went wrong and let the entry point (a `main()`
        under `if __name__ == "__main__":`, a CLI command) turn it into an exit code.
    """
    example = Example(
        before="""
            import sys

            def load_config(path):
                if not path.exists():
                    print(f"missing {path}")
                    sys.exit(1)
                return path.read_text()
        """,
        after="""
            class ConfigError(Exception):
                pass

            def load_config(path):
                if not path.exists():
                    raise ConfigError(f"missing config file {path}")
                return path.read_text()
        """,
    )
    VALID = [
        """
        import sys
        def main():
            sys.exit(run())
        if __name__ == "__main__":
            main()
        """,
        """
        # file: tool/cli.py
        import sys
        def fail():
            sys.exit(2)
        """,
        """
        import argparse
        import sys
        def check(args):
            sys.exit(1)
        """,
        # A forked child leaves with os._exit(), as it must.
        """
        # file: shop/worker.py
        import os
        def run_isolated(job):
            pid = os.fork()
            if pid == 0:
                try:
                    job()
                finally:
                    os._exit(0)
            return os.waitpid(pid, 0)
        """,
        # Interactive prompts are command-line code.
        """
        # file: shop/questions.py
        import sys
        def confirm():
            if input("Continue? ") != "y":
                sys.exit(1)
        """,
    ]
    INVALID = [
        """
        # file: shop/config.py
        import os
        import sys
        def load(path):
            if not path:
                sys.exit("no config")  # expect
            if broken(path):
                os._exit(3)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._interactive = False
        self._forks = False
        self._exits: list[tuple[cst.Call, str, str]] = []  # (call, name, scope)
        # Off in command-line files (LibraryCodeRule); elsewhere, see _can_report.
        self.idle = self._off or (context.index is not None and not _can_report(context.index, context.imports))

    def visit_Call(self, node: cst.Call) -> None:
        if not self.in_library_code():
            return
        name = self.qualify(node.func)
        if name in _INPUT:
            self._interactive = True  # an interactive prompt: command-line code
        if name in _FORK:
            self._forks = True  # a forked child must leave with os._exit()
        if name in _EXITS:
            self._exits.append((node, name, ".".join(self.scope_stack)))

    def leave_Module(self, original_node: cst.Module) -> None:
        if self._interactive:
            return
        for node, name, scope in self._exits:
            if name == "os._exit" and self._forks:
                continue
            shown = name.removeprefix("builtins.")
            message = f"{shown}() in library function {scope}() ends the whole process; raise an exception instead"
            self.reports.append(Report(message=message, node=node, scope=scope))


def _can_report(index: AstIndex, imports: ImportTable) -> bool:
    """A report needs a call of an exit function, in a file without a top-level
    `if __name__ ...:` (has_main_guard: a script, LibraryCodeRule switches off)."""
    if not index.names & _EXIT_NAMES:
        return False  # every exit call names `exit`, `_exit` or `quit` (its alias's import does)
    module = index.nodes[0]
    for stmt in getattr(module, "body", ()):
        if isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Compare):
            left = stmt.test.left
            if isinstance(left, ast.Name) and left.id == "__name__":
                return False
    return any(ast_qualify(call.func, imports) in _EXITS for call in index.of(ast.Call))
