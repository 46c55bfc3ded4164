from __future__ import annotations

import ast

import libcst as cst

from auditor.helpers import ImportTable
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule

_AST_LITERALS = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
_LITERALS = (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)
# Constructors of mutable containers, by qualified name.
_CONSTRUCTORS = frozenset(
    {
        "builtins.list",
        "builtins.dict",
        "builtins.set",
        "builtins.bytearray",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.Counter",
        "collections.deque",
    }
)


class MutableDefaultArgument(Rule):
    """A parameter whose default is a mutable object (a list, dict or set literal, or a
    call to a mutable container's constructor), created once when the `def` runs."""

    id = "MNT013"
    title = "Mutable default argument shared between calls"
    category = Category.MAINTAINABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    refs = (
        "https://docs.python.org/3/tutorial/controlflow.html#default-argument-values",
        "https://docs.astral.sh/ruff/rules/mutable-argument-default/",
    )
    tags = ("bug-risk",)
    effort = 5
    why = """
        A default value is evaluated once, when the function is defined, and the same
        object is handed to every call that omits the argument. Append to it or store it,
        and state leaks from one call (one request, one user) into the next: caches that
        never empty, lists that grow on every request, data of one tenant showing up for
        another.
        """
    fix = """
        Default to `None` and build a fresh object inside: `def f(items=None): items =
        [] if items is None else items`. For a read-only default use a tuple or a
        frozenset.
        """
    example = Example(
        before="""
            def add_tag(tag, tags=[]):
                tags.append(tag)
                return tags
            """,
        after="""
            def add_tag(tag, tags=None):
                tags = [] if tags is None else tags
                tags.append(tag)
                return tags
            """,
    )
    VALID = [
        """
        def f(a, b=None, c=(), d=frozenset(), e="x", f=0):
            return a
        """,
        """
        import collections
        def g(items=None, *, factory=collections.defaultdict):
            return items
        """,
    ]
    INVALID = [
        """
        import collections
        from collections import defaultdict as dd

        def add_tag(tag, tags=[]):  # expect
            tags.append(tag)
            return tags

        def merge(a, *, into={}):  # expect
            into.update(a)

        class Registry:
            def register(self, name, seen=set(),  # expect
                         index=dd(list)):  # expect
                seen.add(name)

        handler = lambda event, log=collections.deque(): log.append(event)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = not self._can_report()

    def _can_report(self) -> bool:
        """A report needs a parameter default (of a def, async def or lambda) that is a
        container literal or comprehension, or a call of a mutable container's constructor."""
        index = self.context.index
        if index is None:
            return True
        for arguments in index.of(ast.arguments):
            for default in (*arguments.defaults, *arguments.kw_defaults):
                if isinstance(default, _AST_LITERALS) or (
                    isinstance(default, ast.Call) and _constructor(default.func, self.context.imports)
                ):
                    return True
        return False

    def visit_Param(self, node: cst.Param) -> None:
        default = node.default
        if default is None:
            return
        mutable = isinstance(default, _LITERALS) or (
            isinstance(default, cst.Call) and self.qualify(default.func) in _CONSTRUCTORS
        )
        if mutable:
            self.report(
                default,
                f"parameter `{node.name.value}` defaults to a mutable object, created once and shared by every call",
            )


def _constructor(func: ast.expr, imports: ImportTable) -> bool:
    """Whether `self.qualify` of libcst's node of `func` is in `_CONSTRUCTORS`: only a name
    (`list`, `dd` bound to collections.defaultdict) or a name's attribute (`collections.
    deque`) can qualify to a one-dot name; a call or longer chain has more dots or `()`."""
    if isinstance(func, ast.Name):
        bound = imports.bindings.get(func.id) or f"builtins.{func.id}"
        return bound in _CONSTRUCTORS
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{imports.bindings.get(func.value.id)}.{func.attr}" in _CONSTRUCTORS
    return False
