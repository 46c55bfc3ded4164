"""Is a file a program's entry point (a CLI, a script, a management command) rather than
library or service code? Rules about exits, prints and logging set-up ask this: in a
command-line program they are the right thing to do."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from auditor.helpers import ImportTable

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
