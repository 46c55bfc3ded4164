"""`walk_nodes` stands in for `list(ast.walk(tree))` in the collectors and file rules
whose facts depend on the walk's order (first binding wins, first f-string wins, the
order of reported lines): it must list the very same node objects in the very same
order. Checked on real files (this project's own sources and the standard library's,
which have every statement and expression kind, match statements, f-strings, async
code), on every subtree kind the callers walk (defs, statements, patterns, targets), and
on nodes built by hand with fields left unset."""

from __future__ import annotations

import ast
import sysconfig
import warnings
from pathlib import Path
from typing import Iterator

import pytest

from auditor.analysis.taint.collect import _flow
from auditor.source import SourceFile, walk_nodes

ROOT = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"])


def _files() -> list[Path]:
    own = sorted((ROOT / "auditor").rglob("*.py")) + sorted((ROOT / "rules").rglob("*.py"))
    std = sorted(STDLIB.glob("*.py")) + sorted((STDLIB / "email").glob("*.py")) + sorted((STDLIB / "asyncio").glob("*.py"))
    return own + std


def _parse(path: Path) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        return None


def _same(expected: list[ast.AST], got: list[ast.AST]) -> bool:
    return len(expected) == len(got) and all(a is b for a, b in zip(expected, got))


def test_whole_files_walk_in_ast_walk_order() -> None:
    trees = [t for t in (_parse(p) for p in _files()) if t is not None]
    assert len(trees) > 300
    kinds: set[type] = set()
    for tree in trees:
        expected = list(ast.walk(tree))
        assert _same(expected, walk_nodes(tree))
        kinds.update(type(n) for n in expected)
    assert {ast.Match, ast.JoinedStr, ast.AsyncFunctionDef, ast.Try, ast.NamedExpr} <= kinds


def _nodes_of_real_files(kinds: tuple[type, ...]) -> Iterator[ast.AST]:
    """Every node of these kinds in the first 300 real files that parse."""
    for path in _files()[:300]:
        tree = _parse(path)
        if tree is not None:
            yield from (node for node in walk_nodes(tree) if isinstance(node, kinds))


def test_subtrees_walk_in_ast_walk_order() -> None:
    """The callers walk one def, one statement, one match pattern, one target."""
    checked = 0
    for node in _nodes_of_real_files((ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.pattern, ast.JoinedStr)):
        assert _same(list(ast.walk(node)), walk_nodes(node))
        checked += 1
    assert checked > 2_000


def test_unset_fields_are_skipped_like_ast_walk() -> None:
    call = ast.Call(func=ast.Name(id="f", ctx=ast.Load()))  # no args, no keywords
    binop = ast.BinOp(left=ast.Constant(1), op=ast.Add())  # no right
    module = ast.Module(body=[ast.Expr(value=call), ast.Expr(value=binop)], type_ignores=[])
    assert _same(list(ast.walk(module)), walk_nodes(module))


def test_source_file_lists_its_nodes_in_ast_walk_order() -> None:
    path = ROOT / "auditor" / "analysis" / "taint" / "collect.py"
    source = SourceFile("collect.py", path.read_bytes())
    assert _same(list(ast.walk(source.ast)), source.ast_nodes)


@pytest.mark.parametrize(
    "labels",
    [
        {},
        {(("P", 0), frozenset()): ((1, 1, "x"),)},
        {(("P", 1), frozenset({"sql"})): ((2, 1, "y"),), (("P", 0), frozenset()): ((1, 1, "x"),)},
    ],
)
def test_flow_of_few_labels_is_the_sorted_flow(labels: dict) -> None:
    """A call's argument with one label skips the sort: the same tuple as sorting it."""
    expected = tuple(sorted(labels.items(), key=lambda kv: (repr(kv[0][0]), sorted(kv[0][1]))))
    assert _flow(labels) == expected


def test_attributes_of_a_def_are_those_ast_walk_finds() -> None:
    """Metrics' cohesion looks only at the attributes in a method: the pruned walk finds
    every one of them, in walk order."""
    from auditor.analysis.metrics import _attributes

    checked = 0
    for node in _nodes_of_real_files((ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        expected = [n for n in ast.walk(node) if isinstance(n, ast.Attribute)]
        assert _same(expected, _attributes(node))  # type: ignore[arg-type]
        checked += 1
    assert checked > 2_000
