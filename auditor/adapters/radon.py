"""Radon's metrics, computed from the already-parsed stdlib tree (never a second parse).

Cyclomatic complexity is radon's own `ComplexityVisitor`, so a function's number and
rank are exactly what `radon cc` (`cc_visit`) gives; Halstead volume is radon's
`HalsteadVisitor`; the maintainability index is radon's `mi_compute` on those figures.
Each is computed once per file and kept in `source.cache`.
"""

from __future__ import annotations

from dataclasses import dataclass

from radon.complexity import cc_rank
from radon.metrics import h_visit_ast, mi_compute, mi_rank
from radon.visitors import Class, ComplexityVisitor, Function

from auditor.source import SourceFile


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
        cached = ComplexityVisitor.from_ast(source.ast)
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
        cached = float(h_visit_ast(source.ast).total.volume)
        source.cache["radon_halstead"] = cached
    return cached  # type: ignore[return-value]


def maintainability_index(source: SourceFile, lloc: int, comment_percent: float) -> tuple[float, str]:
    """Radon's maintainability index (0-100) and its rank (A > 19, B > 9, C), as
    `radon mi` computes it: Halstead volume, total complexity, logical lines and the
    percentage of comment lines (comments and multi-line strings over SLOC)."""
    mi = mi_compute(halstead_volume(source), complexity_visitor(source).total_complexity, lloc, comment_percent)
    return mi, mi_rank(mi)
