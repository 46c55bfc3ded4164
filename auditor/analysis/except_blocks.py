"""Predicates shared by rules about exception handling: no-op handler bodies, caught types."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from auditor.walk import children

# A statement that does nothing with the exception: `pass`, `...`, `continue`.
_NOOP = m.Pass() | m.Continue() | m.Expr(value=m.Ellipsis())
_NOOP_LINE = m.SimpleStatementLine(body=[m.AtLeastN(_NOOP, n=1)])
NOOP_BODY = m.SimpleStatementSuite(body=[m.AtLeastN(_NOOP, n=1)]) | m.IndentedBlock(body=[m.AtLeastN(_NOOP_LINE, n=1)])


def handler_types(type_: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    """The exception expressions an `except` clause names (a tuple is split)."""
    if type_ is None:
        return []
    return [el.value for el in type_.elements] if isinstance(type_, cst.Tuple) else [type_]


def contains(node: cst.CSTNode, matcher: m.BaseMatcherNode) -> bool:
    """Does `node` contain a match, outside nested functions, lambdas and classes?

    A read-only walk (auditor.walk's child order): libcst's own visitor rebuilds every
    node it passes, which costs time and re-validates nodes the parse did not."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        if m.matches(current, matcher):
            return True
        stack.extend(children(current))
    return False
