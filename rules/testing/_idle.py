"""Stdlib-tree (`ast`) forms of what the testing rules match with libcst, for their idle
conditions (see `Rule`)."""

from __future__ import annotations

import ast

from auditor.helpers import ImportTable


def dotted_target(expr: ast.expr, imports: ImportTable) -> str | None:
    """What `ImportTable.qualify` makes of a name or attribute chain whose head is bound
    (an import or a top-level def): None for anything else. Compared only with imported
    dotted names, which `qualify` can give only for such chains (a call's result gets
    `()`, an unbound builtin `builtins.`)."""
    attrs: list[str] = []
    while isinstance(expr, ast.Attribute):
        attrs.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    bound = imports.bindings.get(expr.id)
    if bound is None:
        return None
    return ".".join([bound, *reversed(attrs)])
