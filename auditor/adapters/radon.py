"""Radon's cyclomatic complexity, computed from the already-parsed stdlib tree."""

from __future__ import annotations

from dataclasses import dataclass

from radon.complexity import cc_rank, cc_visit_ast
from radon.visitors import Class, Function

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


def function_complexities(source: SourceFile) -> list[FunctionComplexity]:
    """Every function and method with radon's complexity and rank (A-F).

    Raises SourceError when the running interpreter cannot parse the file.
    """
    cached = source.cache.get("radon_cc")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: list[FunctionComplexity] = []

    def add(block: Function, prefix: str) -> None:
        qual = f"{prefix}.{block.name}" if prefix else block.name
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
        for inner in block.closures:
            add(inner, qual)

    for block in cc_visit_ast(source.ast):
        if isinstance(block, Class):
            for method in block.methods:
                add(method, block.name)
            for inner in block.inner_classes:
                for method in inner.methods:
                    add(method, f"{block.name}.{inner.name}")
        elif isinstance(block, Function) and not block.is_method:
            add(block, "")
    out.sort(key=lambda f: (f.line, f.column))
    source.cache["radon_cc"] = out
    return out
