"""A read-only batched walk over a libcst tree, several times faster than libcst's own.

libcst's visitor rebuilds every node it passes through (`_visit_and_replace_children`
constructs a new node even for a read-only visitor); on Django's ORM package that is
about 3.5 times the cost of this walk. Here each node's children are read straight from
its fields, in the order libcst itself visits them (taken once per node type from libcst's
own `_visit_and_replace_children`), and every visitor's `visit_<Type>` / `leave_<Type>`
methods are called as libcst's batched visit calls them. Children are always visited (as
in libcst's batched mode, where returning False prunes nothing), except whitespace,
comment, operator and bracket nodes when no visitor has a method for any of them.

A visitor whose `idle` attribute is true when the walk starts is left out: it has found,
from what it was constructed with (the file's path, its import table), that none of its
methods can do anything in this file.
"""

from __future__ import annotations

import inspect
import re
from contextlib import ExitStack
from typing import Any, Callable, Iterable, Sequence

import libcst as cst

_FIELD = re.compile(r"visit_\w+\(\s*self,\s*\"(\w+)\"")
_ORDER: dict[type, tuple[str, ...]] = {}

Dispatch = dict[type, tuple[Callable[[Any], Any], ...]]


def child_fields(node_type: type) -> tuple[str, ...]:
    """The node-holding fields of a libcst node type, in libcst's visiting order."""
    order = _ORDER.get(node_type)
    if order is None:
        source = inspect.getsource(node_type._visit_and_replace_children)  # type: ignore[attr-defined]
        order = _ORDER[node_type] = tuple(dict.fromkeys(_FIELD.findall(source)))
    return order


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """A node's immediate children in libcst's order, read from its fields. libcst's own
    `node.children` rebuilds the node to find them (slow, and it re-validates a node the
    parse did not validate: see SourceFile.module)."""
    out: list[cst.CSTNode] = []
    for name in _ORDER.get(type(node)) or child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, (list, tuple)):
            out.extend(item for item in value if isinstance(item, cst.CSTNode))
        elif isinstance(value, cst.CSTNode):
            out.append(value)
    return out


_METHODS: dict[type, tuple[tuple[str, str, type], ...]] = {}


def _visitor_methods(visitor_type: type) -> tuple[tuple[str, str, type], ...]:
    """(method name, "visit"|"leave", node type) of a visitor class, found once per class
    (libcst's get_visitors() inspects every member of every instance: ~9 ms a call)."""
    found = _METHODS.get(visitor_type)
    if found is None:
        out = []
        for name in sorted(dir(visitor_type)):
            kind, _, type_name = name.partition("_")
            if kind not in ("visit", "leave") or not type_name:
                continue
            method = getattr(visitor_type, name)
            if not callable(method) or method is getattr(cst.BatchableCSTVisitor, name, None):
                continue  # libcst's no-op default, not the visitor's own
            node_type = getattr(cst, type_name, None)
            if not (isinstance(node_type, type) and issubclass(node_type, cst.CSTNode)):
                raise TypeError(
                    f"{visitor_type.__name__}.{name}: only visit_<NodeType>/leave_<NodeType> methods are supported"
                )
            out.append((name, kind, node_type))
        found = _METHODS[visitor_type] = tuple(out)
    return found


_LAYOUTS: dict[tuple[type, ...], tuple[tuple[tuple[type, tuple[tuple[int, str], ...]], ...], ...]] = {}


def _layout(kinds: tuple[type, ...]) -> tuple[tuple[tuple[type, tuple[tuple[int, str], ...]], ...], ...]:
    """For visitor classes in this order: per node type, the (visitor index, method name)
    of its visit methods and of its leave methods; found once per combination of classes."""
    found = _LAYOUTS.get(kinds)
    if found is None:
        visit: dict[type, list[tuple[int, str]]] = {}
        leave: dict[type, list[tuple[int, str]]] = {}
        for index, kind_of_visitor in enumerate(kinds):
            for name, kind, node_type in _visitor_methods(kind_of_visitor):
                (visit if kind == "visit" else leave).setdefault(node_type, []).append((index, name))
        found = _LAYOUTS[kinds] = (
            tuple((t, tuple(entries)) for t, entries in visit.items()),
            tuple((t, tuple(entries)) for t, entries in leave.items()),
        )
    return found


def dispatch_tables(visitors: Sequence[cst.BatchableCSTVisitor]) -> tuple[Dispatch, Dispatch]:
    """{node type: visit methods} and {node type: leave methods}, in visitor order."""
    visit, leave = _layout(tuple(type(v) for v in visitors))
    return (
        {t: tuple([getattr(visitors[i], name) for i, name in entries]) for t, entries in visit},
        {t: tuple([getattr(visitors[i], name) for i, name in entries]) for t, entries in leave},
    )


# Concrete node classes, for a plain set lookup: isinstance() against the CSTNode ABC goes
# through abc's machinery on every call and was a fifth of the walk's time.
_NODE_TYPES: set[type] = {
    t for t in vars(cst).values() if isinstance(t, type) and issubclass(t, cst.CSTNode) and not inspect.isabstract(t)
}


_OTHER_TYPES: set[type] = {type(None), str, list, tuple, cst.MaybeSentinel}


def _is_node(value: object) -> bool:
    """The slow path, once per type: classify a field value's type and remember it."""
    value_type = type(value)
    if value_type in _NODE_TYPES:
        return True
    if value_type in _OTHER_TYPES:
        return False
    if isinstance(value, cst.CSTNode):
        _NODE_TYPES.add(value_type)  # a node class libcst does not export by name
        return True
    _OTHER_TYPES.add(value_type)
    return False


# Whitespace, comments, operators and brackets: nodes that hold only more of the same.
# Half of a libcst tree's nodes are these; when no visitor has a method for any of them
# the walk does not descend into them (their parents' visitors still see them as fields).
TRIVIA: frozenset[type] = frozenset(
    t
    for t in _NODE_TYPES
    if t.__module__ in ("libcst._nodes.op", "libcst._nodes.whitespace")
    or t
    in (
        cst.LeftParen,
        cst.RightParen,
        cst.LeftSquareBracket,
        cst.RightSquareBracket,
        cst.LeftCurlyBrace,
        cst.RightCurlyBrace,
        cst.Asynchronous,
    )
)


def walk(node: cst.CSTNode, visit: Dispatch, leave: Dispatch, skip: frozenset[type] = frozenset()) -> None:
    """Call the visitors' methods over `node`'s subtree, not descending into node types
    in `skip` (which must hold no type the visitors have methods for)."""
    node_type = type(node)
    methods = visit.get(node_type)
    if methods:
        for method in methods:
            method(node)
    for name in _ORDER.get(node_type) or child_fields(node_type):
        value = getattr(node, name)
        value_type = type(value)
        if value_type is list or value_type is tuple:
            for item in value:  # type: ignore[union-attr]
                item_type = type(item)
                if item_type in skip:
                    continue
                if item_type in _NODE_TYPES or (item_type not in _OTHER_TYPES and _is_node(item)):
                    walk(item, visit, leave, skip)
        elif value_type in skip:
            continue
        elif value_type in _NODE_TYPES or (value_type not in _OTHER_TYPES and _is_node(value)):
            walk(value, visit, leave, skip)  # type: ignore[arg-type]
    methods = leave.get(node_type)
    if methods:
        for method in methods:
            method(node)


def visit_batched(module: cst.Module, visitors: Iterable[cst.BatchableCSTVisitor]) -> None:
    """Run the visitors over the module in one walk, resolving only the metadata they declare."""
    visitors = [v for v in visitors if not getattr(v, "idle", False)]
    visit, leave = dispatch_tables(visitors)
    needs = [v for v in visitors if v.get_inherited_dependencies()]
    with ExitStack() as stack:
        if needs:
            wrapper = cst.MetadataWrapper(module, unsafe_skip_copy=True)
            for visitor in needs:
                stack.enter_context(visitor.resolve(wrapper))
        wanted = visit.keys() | leave.keys()
        walk(module, visit, leave, frozenset() if wanted & TRIVIA else TRIVIA)
