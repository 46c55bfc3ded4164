"""Radon's metrics, computed from the already-parsed stdlib tree (never a second parse).

Cyclomatic complexity is radon's own `ComplexityVisitor`, so a function's number and
rank are exactly what `radon cc` (`cc_visit`) gives; Halstead volume is radon's
`HalsteadVisitor`; the maintainability index is radon's `mi_compute` on those figures.
Each is computed once per file and kept in `source.cache`.

Radon's visitors walk the tree with the stdlib `ast.NodeVisitor`, which looks up a
method by name for every node, `Load` and `Add` included: most of their time. They run
here on a faster walk of the same nodes in the same order (`_QuickWalk`); every method
of radon's visitors runs unchanged, so every figure is radon's.
"""

from __future__ import annotations

import ast
import types
from dataclasses import dataclass
from typing import Any, Callable

from radon.complexity import cc_rank
from radon.metrics import halstead_visitor_report, mi_compute, mi_rank
from radon.visitors import Class, ComplexityVisitor, Function, HalsteadVisitor

from auditor.source import SourceFile

# Expression contexts and operators: leaves without a position (one shared `Load()` per
# tree), on which radon's visitors do nothing.
_SHARED = (ast.expr_context, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)
# The pre-3.8 names `NodeVisitor.visit_Constant` looks for before it falls back to
# `generic_visit`; radon's visitors define none of them.
_LEGACY_CONSTANT = ("visit_Num", "visit_Str", "visit_Bytes", "visit_NameConstant", "visit_Ellipsis")


# Fields that hold no node but a shared leaf (`ctx`, `op`, `ops`), a string, a number or
# a flag, in every node type that has them up to Python 3.14 (not `name`: a `type X = ...`
# statement's name is a node).
_NO_CHILD = frozenset(
    {"ctx", "op", "ops", "id", "attr", "arg", "asname", "module", "level", "kind", "type_comment", "conversion", "is_async"}
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


class _QuickWalk(ast.NodeVisitor):
    """`ast.NodeVisitor`'s dispatch and walk, with the method of each node type found
    once per visitor class, and the shared leaves left out."""

    _methods: dict[type, Callable[[Any, ast.AST], Any] | None]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._methods = {}
        if any(hasattr(cls, name) for name in _LEGACY_CONSTANT):
            raise TypeError(f"{cls.__name__}: visit_Constant must keep its legacy dispatch")

    def visit(self, node: ast.AST) -> Any:
        methods = self._methods
        cls = node.__class__
        try:
            method = methods[cls]
        except KeyError:
            method = methods[cls] = self._method_for(cls)
        if method is None:
            return None
        return method(self, node)

    def _method_for(self, cls: type) -> Callable[[Any, ast.AST], Any] | None:
        method = getattr(type(self), "visit_" + cls.__name__, None)
        if method is None or method is ast.NodeVisitor.visit_Constant:
            if issubclass(cls, _SHARED):
                return None  # no fields, no position: radon's generic_visit does nothing
            return type(self).generic_visit  # type: ignore[no-any-return]
        return method  # type: ignore[no-any-return]

    def generic_visit(self, node: ast.AST) -> None:
        visit = self.visit
        cls = node.__class__
        fields = _CHILD_FIELDS.get(cls)
        if fields is None:
            fields = _CHILD_FIELDS[cls] = tuple(f for f in cls._fields if f not in _NO_CHILD)
        for field in fields:
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        visit(item)
            elif isinstance(value, ast.AST):
                visit(value)


def _with_globals(func: Callable[..., Any], **names: Any) -> Callable[..., Any]:
    """Radon's own function, with some of the names it reads bound to ours: its nested
    visitors (one per function and class body) are made from the quick-walk classes."""
    return types.FunctionType(func.__code__, {**func.__globals__, **names}, func.__name__, func.__defaults__, func.__closure__)


class _ComplexityVisitor(ComplexityVisitor, _QuickWalk):
    """Radon's `ComplexityVisitor` on the quick walk (radon's `generic_visit` runs on
    every node and calls this walk for the children)."""


class _HalsteadVisitor(HalsteadVisitor, _QuickWalk):
    """Radon's `HalsteadVisitor` on the quick walk."""


_ComplexityVisitor.visit_FunctionDef = _with_globals(  # type: ignore[method-assign]
    ComplexityVisitor.visit_FunctionDef, ComplexityVisitor=_ComplexityVisitor
)
_ComplexityVisitor.visit_ClassDef = _with_globals(  # type: ignore[method-assign]
    ComplexityVisitor.visit_ClassDef, ComplexityVisitor=_ComplexityVisitor
)
_HalsteadVisitor.visit_FunctionDef = _with_globals(  # type: ignore[method-assign]
    HalsteadVisitor.visit_FunctionDef, HalsteadVisitor=_HalsteadVisitor
)


@dataclass(frozen=True)
class FunctionComplexity:
    name: str
    qualname: str
    line: int
    end_line: int
    column: int
    complexity: int
    rank: str


def complexity_visitor(source: SourceFile) -> ComplexityVisitor:
    """Radon's visitor run once over the file's tree (what `cc_visit` runs).

    Raises SourceError when the running interpreter cannot parse the file.
    """
    cached = source.cache.get("radon_visitor")
    if cached is None:
        cached = _ComplexityVisitor.from_ast(source.ast)
        source.cache["radon_visitor"] = cached
    return cached  # type: ignore[return-value]


def function_complexities(source: SourceFile) -> list[FunctionComplexity]:
    """Every function, method and closure that `cc_visit` reports, with radon's
    complexity and rank (A-F), sorted by position.

    Radon nests its blocks: closures inside functions, methods and inner classes inside
    classes (methods of a class defined inside a function are not blocks of radon's).
    The walk follows that nesting to the bottom, so nothing radon reports is lost.
    Raises SourceError when the running interpreter cannot parse the file.
    """
    cached = source.cache.get("radon_cc")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: list[FunctionComplexity] = []
    visitor = complexity_visitor(source)
    pending: list[tuple[Function | Class, str]] = [(b, "") for b in (*visitor.functions, *visitor.classes)]
    while pending:
        block, prefix = pending.pop()
        qual = f"{prefix}.{block.name}" if prefix else block.name
        if isinstance(block, Class):
            pending.extend((m, qual) for m in block.methods)
            pending.extend((c, qual) for c in block.inner_classes)
            continue
        out.append(
            FunctionComplexity(
                name=block.name,
                qualname=qual,
                line=block.lineno,
                end_line=block.endline or block.lineno,
                column=source.char_column(block.lineno, block.col_offset),
                complexity=block.complexity,
                rank=cc_rank(block.complexity),
            )
        )
        pending.extend((c, qual) for c in block.closures)
    out.sort(key=lambda f: (f.line, f.column, f.qualname))
    source.cache["radon_cc"] = out
    return out


def halstead_volume(source: SourceFile) -> float:
    """Radon's Halstead volume of the whole file. Raises SourceError like the others."""
    cached = source.cache.get("radon_halstead")
    if cached is None:
        # what `h_visit_ast(tree).total.volume` gives, without its per-function reports
        cached = float(halstead_visitor_report(_HalsteadVisitor.from_ast(source.ast)).volume)
        source.cache["radon_halstead"] = cached
    return cached  # type: ignore[return-value]


def maintainability_index(source: SourceFile, lloc: int, comment_percent: float) -> tuple[float, str]:
    """Radon's maintainability index (0-100) and its rank (A > 19, B > 9, C), as
    `radon mi` computes it: Halstead volume, total complexity, logical lines and the
    percentage of comment lines (comments and multi-line strings over SLOC)."""
    mi = mi_compute(halstead_volume(source), complexity_visitor(source).total_complexity, lloc, comment_percent)
    return mi, mi_rank(mi)
