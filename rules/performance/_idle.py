"""Idle conditions of the performance rules (see `Rule.idle`): the loops of a file and the
Django ORM chains, on the stdlib tree; the parts the scalability rules share (call targets,
possible request handlers) are in `auditor.analysis.idle`.

When `context.index` is None (this Python cannot parse the file) every predicate that
needs the tree answers True: the rule stays open.
"""

from __future__ import annotations

import ast

from auditor.analysis.idle import CallTargets, handlers, name_ids, within
from auditor.analysis.queries import MANAGERS, QUERYSET_METHODS
from auditor.helpers import ast_dotted, ast_qualify
from auditor.rule import FileContext

__all__ = ["LOOPS", "CallTargets", "ast_dotted", "ast_qualify", "handlers", "loops", "name_ids", "orm_method", "within"]

# What FrameTracker counts as a loop body: `for` (and `async for`), `while`, comprehensions.
LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def loops(context: FileContext) -> list[ast.AST]:
    """The loops of the file (a node in a loop body is within one's lines)."""
    return context.index.of(*LOOPS) if context.index is not None else []


def orm_method(call: ast.Call) -> str | None:
    """`queries.orm_chain` of the stdlib node of a call: the chain's last method (the
    call's own), or None when the call is not a Django ORM chain."""
    methods: list[str] = []
    expr: ast.expr = call
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        methods.append(expr.func.attr)
        expr = expr.func.value
        if isinstance(expr, ast.Attribute) and expr.attr in MANAGERS:
            return methods[0] if methods[-1] in QUERYSET_METHODS else None
    return None
