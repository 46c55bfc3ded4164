"""Idle conditions shared by the performance and scalability rules (see `Rule.idle`): what
a file's stdlib tree and import table must hold for a rule to be able to report in it. Each predicate is implied by
what the rules' own logic needs, so a rule that finds it false cannot report; each reads
only the import table, `index.names` and a few node lists of `context.index`, cheap tests
first (on Django's files, 5 to 50 microseconds per rule and file).

Beside `auditor.analysis.tracking`, whose FrameTracker decides what these mirror: which
functions may be request handlers (`handlers`), and which calls can qualify to a name
(`CallTargets`).

When `context.index` is None (this Python cannot parse the file) every predicate that
needs the tree answers True: the rule stays open.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterable

from auditor.analysis.tracking import (
    _ROUTE_DECORATORS,
    _VIEW_DECORATORS,
    _VIEW_METHODS,
    DJANGO_PACKAGES,
    web_packages,
)
from auditor.helpers import AstIndex, ImportTable, ast_qualify
from auditor.rule import FileContext


# Nodes a rule's reports must be within (None: unknown).
Where = Callable[[FileContext], "list[ast.AST] | None"]

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
    file. Given `where` (a function of the context giving nodes, asked only then),
    `possible` also looks for such a call within the lines of one of those nodes."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        # The last step of each name: a call's function is `<...>.<last>`, or a bare name.
        self.lasts = frozenset(name.rpartition(".")[2] for name in self.names)
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

    def possible(self, context: FileContext, where: Where | None = None) -> bool:
        index = context.index
        if index is None:
            return True
        heads = self._heads(context, index)
        if not heads or where is None:
            return bool(heads)
        nodes = where(context)
        if nodes is None:
            return True
        return self._called_within(context, index, heads, nodes)

    def _heads(self, context: FileContext, index: AstIndex) -> set[str]:
        """The local names, used as expressions, from which a target name can be built."""
        bindings = context.imports.bindings
        names = index.names
        heads = {
            local
            for local, value in bindings.items()
            if value in self.after and _any_written(self.after[value], names)
        }
        heads.update(
            local
            for local, rests in self.builtins.items()
            if local in names and local not in bindings and _any_written(rests, names)
        )
        return heads & name_ids(index) if heads else heads

    def _called_within(self, context: FileContext, index: AstIndex, heads: set[str], nodes: list[ast.AST]) -> bool:
        """A call whose function starts at one of `heads`, qualifies as a target, and is
        within one of `nodes`."""
        for call in index.of(ast.Call):
            head = call.func
            if not (isinstance(head, ast.Name) or isinstance(head, ast.Attribute) and head.attr in self.lasts):
                continue
            while isinstance(head, (ast.Attribute, ast.Call)):
                head = head.value if isinstance(head, ast.Attribute) else head.func
            if (
                isinstance(head, ast.Name)
                and head.id in heads
                and ast_qualify(call.func, context.imports) in self.names
                and within(call.lineno, nodes)
            ):
                return True
        return False


def within(line: int, where: list[ast.AST]) -> bool:
    """Whether a line is one of the lines of one of `where`, a def's decorators included
    (the walk visits them in the function's frame)."""
    for other in where:
        decorators = getattr(other, "decorator_list", None)
        start = decorators[0].lineno if decorators else other.lineno  # type: ignore[attr-defined]
        if start <= line <= (other.end_lineno or start):  # type: ignore[attr-defined]
            return True
    return False


def _any_written(rests: list[tuple[str, ...]], names: frozenset[str]) -> bool:
    return any(all(part in names for part in rest) for rest in rests)


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
        # A `request` parameter, a route decorator's attribute and a view decorator's
        # name (as imported, or as an attribute) are identifiers of the file.
        names = index.names
        django = bool(frameworks & DJANGO_PACKAGES) and "request" in names
        decorated = not names.isdisjoint(_DECORATOR_NAMES)
        functions = index.of(ast.FunctionDef, ast.AsyncFunctionDef) if django or decorated else []
        _LAST[2] = [fn for fn in functions if _may_handle(fn, context.imports, django, decorated)]
    return _LAST[2]  # type: ignore[return-value]


_DECORATOR_NAMES = _ROUTE_DECORATORS | {name.rpartition(".")[2] for name in _VIEW_DECORATORS}


def _may_handle(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, imports: ImportTable, django: bool, decorated: bool
) -> bool:
    if django:
        params = fn.args.posonlyargs + fn.args.args if fn.args.posonlyargs else fn.args.args
        if params and (
            params[0].arg == "request" or (len(params) >= 2 and params[1].arg == "request" and fn.name in _VIEW_METHODS)
        ):
            return True
    if not decorated:
        return False
    for decorator in fn.decorator_list:
        func = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(decorator, ast.Call) and isinstance(func, ast.Attribute) and func.attr in _ROUTE_DECORATORS:
            return True
        if ast_qualify(func, imports) in _VIEW_DECORATORS:
            return True
    return False
