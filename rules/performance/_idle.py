"""Idle conditions of the performance rules (see `Rule.idle`): what a file's stdlib tree and
import table must hold for a rule to be able to report in it. Each predicate is implied by
what the rules' own logic needs, so a rule that finds it false cannot report; each reads
only the import table and a few node lists of `context.index` (a few microseconds).

When `context.index` is None (this Python cannot parse the file) every predicate that
needs the tree answers True: the rule stays open.
"""

from __future__ import annotations

import ast
import builtins
from typing import Iterable

from auditor.analysis.tracking import (
    _ROUTE_DECORATORS,
    _VIEW_DECORATORS,
    _VIEW_METHODS,
    DJANGO_PACKAGES,
    web_packages,
)
from auditor.helpers import AstIndex, ImportTable
from auditor.rule import FileContext

_BUILTINS = frozenset(dir(builtins))
# What FrameTracker counts as a loop body: `for` (and `async for`), `while`, comprehensions.
LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

# The last index asked about, and its facts: the rules of one file are made one after the
# other, so one entry serves them all.
_LAST: list[object] = [None, None, None]  # index, name ids, handlers


def name_ids(index: AstIndex) -> frozenset[str]:
    """The identifiers used as expressions (`ast.Name`): the only names a call's dotted
    function can start from (`index.names` also holds attribute, parameter and imported
    names)."""
    if _LAST[0] is not index:
        _LAST[:] = [index, None, None]
    if _LAST[1] is None:
        _LAST[1] = frozenset(n.id for n in index.of(ast.Name))
    return _LAST[1]  # type: ignore[return-value]


class CallTargets:
    """Qualified names a rule matches (`ImportTable.qualify` of an expression), arranged to
    tell cheaply whether a file can produce one.

    `qualify` gives `V` + any `.attr` / `()` steps, where V is the value of the binding of
    the expression's first name, or "builtins.<name>" for an unbound builtin. So a name is
    producible only when a binding whose value is one of its dotted prefixes has its local
    name used as an expression, and every attribute after that prefix is written in the
    file."""

    def __init__(self, names: Iterable[str]) -> None:
        # binding value (a dotted prefix of a name, no call in it) -> attributes that follow
        self.after: dict[str, list[tuple[str, ...]]] = {}
        for name in names:
            steps = name.replace("()", ".").split(".")  # "a.B().c" -> a, B, "", c
            for cut in range(1, len(steps) + 1):
                if "" in steps[:cut]:
                    break
                rest = tuple(s for s in steps[cut:] if s)
                self.after.setdefault(".".join(steps[:cut]), []).append(rest)
        # An unbound builtin qualifies as "builtins.<name>": <name> -> what follows it.
        self.builtins = {key[9:]: rests for key, rests in self.after.items() if key.startswith("builtins.")}

    def possible(self, context: FileContext) -> bool:
        index = context.index
        if index is None:
            return True
        bindings = context.imports.bindings
        names = index.names  # the costlier name_ids() last: most files fail before
        for local, value in bindings.items():
            rests = self.after.get(value)
            if rests is not None and _any_written(rests, names) and local in name_ids(index):
                return True
        for local, rests in self.builtins.items():
            if local in names and local not in bindings and _any_written(rests, names) and local in name_ids(index):
                return True
        return False


def _any_written(rests: list[tuple[str, ...]], names: frozenset[str]) -> bool:
    return any(all(part in names for part in rest) for rest in rests)


def has_loop(context: FileContext) -> bool:
    """Whether the file has a loop body for a node to be in (FrameTracker's `loops`)."""
    return context.index is None or context.index.has(*LOOPS)


def ast_qualify(expr: ast.expr, imports: ImportTable) -> str | None:
    """`ImportTable.qualify` of the stdlib node of an expression."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Call):
        inner = ast_qualify(expr.func, imports)
        if inner is None:
            return None
        base = inner + "()"
    elif isinstance(expr, ast.Name):
        bound = imports.bindings.get(expr.id)
        if bound is None:
            if expr.id not in _BUILTINS:
                return None
            bound = "builtins." + expr.id
        base = bound
    else:
        return None
    return ".".join([base, *reversed(parts)])


def ast_dotted(expr: ast.expr) -> str:
    """`helpers.dotted` of the stdlib node of an expression."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        base = ast_dotted(expr.value)
        return f"{base}.{expr.attr}" if base else ""
    return ""


def handlers(context: FileContext) -> list[ast.FunctionDef | ast.AsyncFunctionDef] | None:
    """The functions FrameTracker may take for request handlers (None: unknown, no tree).

    `handler_name` needs a web framework import, then a route or view decorator, or (with
    Django) a `request` first parameter, or a view method taking `(self, request)`. Where
    the function sits (in a class, nested) only narrows that: it is not looked at here."""
    frameworks = web_packages(context.imports)
    if not frameworks:
        return []
    index = context.index
    if index is None:
        return None
    if _LAST[0] is not index:
        _LAST[:] = [index, None, None]
    if _LAST[2] is None:
        django = bool(frameworks & DJANGO_PACKAGES)
        _LAST[2] = [
            fn for fn in index.of(ast.FunctionDef, ast.AsyncFunctionDef) if _may_handle(fn, context.imports, django)
        ]
    return _LAST[2]  # type: ignore[return-value]


def _may_handle(fn: ast.FunctionDef | ast.AsyncFunctionDef, imports: ImportTable, django: bool) -> bool:
    for decorator in fn.decorator_list:
        func = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(decorator, ast.Call) and isinstance(func, ast.Attribute) and func.attr in _ROUTE_DECORATORS:
            return True
        if ast_qualify(func, imports) in _VIEW_DECORATORS:
            return True
    if not django:
        return False
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    return params[:1] == ["request"] or (fn.name in _VIEW_METHODS and len(params) >= 2 and params[1] == "request")


def has_handler(context: FileContext) -> bool:
    """Whether FrameTracker may find a request handler in the file."""
    found = handlers(context)
    return found is None or bool(found)
