"""Is a file a program's entry point (a CLI, a script, a management command) rather than
library or service code? Rules about exits, prints and logging set-up ask this: in a
command-line program they are the right thing to do."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from auditor.helpers import ImportTable
from auditor.rule import FileContext, Rule

MAIN_GUARD = m.If(test=m.Comparison(left=m.Name("__name__")))
_CLI_STEMS = frozenset(
    {"__main__", "cli", "main", "manage", "console", "command", "commands", "scripts", "setup", "conftest", "noxfile", "fabfile", "tasks"}
)
_CLI_DIRS = frozenset(
    {"scripts", "script", "bin", "tools", "commands", "management", "cli", "tests", "test", "docs", "examples", "example", "benchmarks", "bench"}
)
_CLI_PACKAGES = frozenset({"argparse", "click", "typer", "docopt", "fire", "optparse", "getopt"})
CLI_FUNCTIONS = frozenset({"main", "cli", "run", "entry_point", "entrypoint", "console_main"})


def command_line_path(relpath: str, imports: ImportTable, is_test: bool) -> bool:
    """A test, a file under scripts/, bin/, management/..., a `cli.py`/`__main__.py`, or a
    module importing an argument parser."""
    parts = relpath.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    packages = {ref.target.split(".", 1)[0] for ref in imports.imports}
    return is_test or stem in _CLI_STEMS or bool(set(parts[:-1]) & _CLI_DIRS) or bool(packages & _CLI_PACKAGES)


def has_main_guard(module: cst.Module) -> bool:
    """`if __name__ == "__main__":` at the top level: the file is run as a script."""
    return any(m.matches(stmt, MAIN_GUARD) for stmt in module.body)


class LibraryCodeRule(Rule):
    """Base of rules about library or service code (not scripts, CLIs or tests): it tracks
    the enclosing function/class names and switches itself off in command-line files.
    `self.in_library_code()` says whether the node being visited is library code."""

    abstract = True

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._off = command_line_path(context.relpath, context.imports, context.is_test)
        self._functions: list[str] = []

    def visit_Module(self, node: cst.Module) -> None:
        if has_main_guard(node):
            self._off = True  # a script

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._functions.append(f"class {node.name.value}")  # a method `run` is no entry point

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._functions.pop()

    def in_library_code(self) -> bool:
        """Inside a function of a non-command-line file, not a CLI entry function."""
        return not self._off and bool(self._functions) and self._functions[0] not in CLI_FUNCTIONS
