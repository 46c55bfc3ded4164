"""Idle conditions of the observability rules, read from the stdlib tree (`AstIndex`)
before libcst parses a file (see `Rule.idle`).

Each predicate here is a necessary condition for a report: it accepts every shape the
rule's libcst logic accepts (and some more), so a rule that finds none may go idle.
"""

from __future__ import annotations

import ast
from typing import Iterator

from auditor.analysis.entry_points import CLI_FUNCTIONS
from auditor.analysis.logging_calls import _LOGGER_NAME, LEVEL_METHODS
from auditor.helpers import AstIndex, ImportTable, ast_dotted, ast_qualify

_LOGGER_ENDINGS = ("log", "logger", "LOGGER", "LOG")  # how every `_LOGGER_NAME` ends


def logging_method(call: ast.Call, imports: ImportTable) -> tuple[str, bool] | None:
    """`auditor.analysis.logging_calls.logging_method` on the stdlib node: (method, on the
    root logger) when libcst's node of this call is a logging call, else None."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in LEVEL_METHODS:
        return None
    if ast_qualify(func, imports) == f"logging.{func.attr}":
        return func.attr, True
    last = ast_dotted(func.value).rpartition(".")[2]
    if last and _LOGGER_NAME.match(last):
        return func.attr, False
    if isinstance(func.value, ast.Call) and ast_qualify(func.value.func, imports) == "logging.getLogger":
        return func.attr, False
    return None


def _may_log(index: AstIndex, imports: ImportTable) -> bool:
    """Whether the identifiers allow a logging call: `x.<level method>(...)` where x is a
    name bound to the logging module (only a bare name can qualify to "logging"), ends in
    a logger-like identifier, or is a call qualifying to logging.getLogger (whose last
    identifier, or its import's, is `getLogger`)."""
    names = index.names
    if LEVEL_METHODS.isdisjoint(names):
        return False
    if "getLogger" in names or "logging" in imports.bindings.values():
        return True
    return any(name.endswith(_LOGGER_ENDINGS) and _LOGGER_NAME.match(name) for name in names)


# One file's logging calls, shared by the rules that ask (they are made one after the
# other for the same file): (index, [(call, method, on the root logger)]).
_LAST: list[tuple[AstIndex, list[tuple[ast.Call, str, bool]]]] = []


def logging_calls(index: AstIndex, imports: ImportTable) -> list[tuple[ast.Call, str, bool]]:
    """Every call of the file that `logging_method` recognises, with its method."""
    if _LAST and _LAST[0][0] is index:
        return _LAST[0][1]
    found: list[tuple[ast.Call, str, bool]] = []
    if _may_log(index, imports):
        attribute = ast.Attribute
        # The cheap half of `logging_method` first: a file has many calls, few of them x.info(...).
        named = [c for c in index.of(ast.Call) if type(c.func) is attribute and c.func.attr in LEVEL_METHODS]
        for call in named:
            method = logging_method(call, imports)
            if method is not None:
                found.append((call, *method))
    _LAST[:] = [(index, found)]
    return found


def has_main_guard(index: AstIndex) -> bool:
    """`entry_points.has_main_guard` on the stdlib tree: a top-level `if __name__ ...`."""
    module = index.nodes[0] if index.nodes else None
    return isinstance(module, ast.Module) and any(
        isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Compare) and isinstance(stmt.test.left, ast.Name)
        and stmt.test.left.id == "__name__"
        for stmt in module.body
    )


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    """`helpers.keyword_arg` on the stdlib node: the `name=` argument, if given."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def position(node: ast.expr | ast.stmt | ast.excepthandler) -> tuple[int, int]:
    """Where a node starts, comparable with `(end_lineno, end_col_offset)`."""
    return node.lineno, node.col_offset


def in_library_function(call: ast.Call, index: AstIndex) -> bool:
    """Whether `call` lies in a class, or in a def not named like a CLI entry function
    (decorators, defaults and annotations included, as libcst's FunctionDef holds them).
    `LibraryCodeRule.in_library_code` needs the OUTERMOST one to be such: a superset."""
    where = position(call)
    for node in index.of(ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef):
        if not isinstance(node, ast.ClassDef) and node.name in CLI_FUNCTIONS:
            continue
        start = min([position(node), *(position(d) for d in node.decorator_list)])
        if start <= where <= (node.end_lineno or node.lineno, node.end_col_offset or 0):
            return True
    return False


def identifiers(nodes: list[ast.expr]) -> Iterator[str]:
    """Every identifier in these subtrees (names, attribute names, keyword names,
    lambda parameters): what libcst holds as `Name` nodes there."""
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Name):
                yield node.id
            elif isinstance(node, ast.Attribute):
                yield node.attr
            elif isinstance(node, ast.keyword) and node.arg:
                yield node.arg
            elif isinstance(node, ast.arg):
                yield node.arg


def strings(nodes: list[ast.expr]) -> Iterator[str]:
    """Every str constant in these subtrees (adjacent literals folded, f-string text)."""
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value
