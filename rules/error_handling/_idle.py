"""The stdlib-tree (`ast`) forms of what the error-handling rules match with libcst, for
their idle conditions (see `Rule`): each mirrors a libcst predicate of the rules or
auditor.analysis.except_blocks exactly, or errs towards "may match" (the rule stays open).
"""

from __future__ import annotations

import ast
from typing import Iterator


def _is_noop(stmt: ast.stmt) -> bool:
    if isinstance(stmt, (ast.Pass, ast.Continue)):
        return True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis


def is_noop_body(body: list[ast.stmt]) -> bool:
    """`NOOP_BODY`: every statement is `pass`, `continue` or `...` (a block is never empty)."""
    return all(_is_noop(stmt) for stmt in body)


def handler_types(type_: ast.expr | None) -> list[ast.expr]:
    """`handler_types`: the expressions an `except` names, a tuple split (`*E` unwrapped,
    as libcst's element value)."""
    if type_ is None:
        return []
    if not isinstance(type_, ast.Tuple):
        return [type_]
    return [el.value if isinstance(el, ast.Starred) else el for el in type_.elts]


_OPAQUE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def reachable(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of these statements outside nested functions, lambdas and classes: those
    `contains` (auditor.analysis.except_blocks) looks at."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, _OPAQUE):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def contains(body: list[ast.stmt], types: tuple[type, ...]) -> bool:
    """`contains(block, matcher)` for a matcher of node classes."""
    return any(isinstance(node, types) for node in reachable(body))


def own_statements(body: list[ast.stmt], handlers: bool) -> list[ast.stmt]:
    """The statements of a def's or a handler's body that it is the nearest def (or
    handler) of: nested blocks and class bodies included, nested defs' bodies left out,
    and nested `except` handlers' bodies too unless `handlers`."""
    found: list[ast.stmt] = []
    stack = list(body)
    while stack:
        stmt = stack.pop()
        found.append(stmt)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if isinstance(block, list):
                stack.extend(block)
        for part in (*(getattr(stmt, "handlers", ()) if handlers else ()), *getattr(stmt, "cases", ())):
            stack.extend(part.body)
    return found
