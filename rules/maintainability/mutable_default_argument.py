from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule

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
