"""Idle rules before the parse: the import table read from the stdlib tree equals the one
read from libcst's, a file where every libcst rule is idle is never parsed by libcst, and
on real files no rule that says it is idle would have reported anything."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

import auditor
from auditor.config import Config
from auditor.engine import FileTask, Plan, Worker, _with_trackers, analyze_file
from auditor.project import TEST_FILES
from auditor.helpers import AstIndex, ast_qualify, build_import_table, build_import_table_from_ast
from auditor.model import Category, Confidence, Example, ErrorKind, Severity
from auditor.api import plan_for
from auditor.rule import FileContext, Rule
from auditor.source import SourceFile, walk_nodes
from auditor.walk import visit_batched

ROOT = Path(auditor.__file__).resolve().parent.parent

TRICKY_IMPORTS = {
    "elif_type_checking.py": """
        import os
        if TYPE_CHECKING:
            import a
        elif typing.TYPE_CHECKING:
            import b
        elif x:
            import c
        else:
            if TYPE_CHECKING:
                import d
            elif y:
                from . import e
            else:
                from .f import g as h, i
        """,
    "else_if_alone.py": """
        if a:
            pass
        else:
            if TYPE_CHECKING:
                import typed_only
        if b: import one_line
        elif TYPE_CHECKING: import not_typed
        """,
    "compound.py": """
        import x.y.z as xyz, p.q
        from ...up import *
        try:
            import json
        except* ImportError:
            json = None
        else:
            from a import b
        finally:
            import c
        for i in r:
            import d
        else:
            import e
        while w:
            import f
        with ctx() as c, other():
            import g
        match v:
            case 1:
                import h
            case _:
                from i import j as k
        async def run():
            async with s:
                import late
            async for q in z:
                from n import m
        class C:
            import in_class
            def method(self):
                from deep import er
        def outer():
            def inner():
                import deeper
        @decorator(__import__("dyn"))
        class D(Base):
            pass
        """,
    "unicode_elif.py": """
        x = "é"
        if é:
            import a
        elif TYPE_CHECKING:  # é
            import b
        """,
}


def _tables(code: str, module: str, is_package: bool) -> tuple[Any, Any, SourceFile]:
    source = SourceFile("m.py", code.encode(), module)
    return (
        build_import_table(source.module, module, is_package),
        build_import_table_from_ast(source.ast, source.lines, module, is_package),
        source,
    )


@pytest.mark.parametrize("name", sorted(TRICKY_IMPORTS))
@pytest.mark.parametrize("module,is_package", [("pkg.sub.mod", False), ("pkg.sub", True), ("", False)])
def test_import_table_from_ast_equals_libcst(name: str, module: str, is_package: bool) -> None:
    code = textwrap.dedent(TRICKY_IMPORTS[name])
    from_cst, from_ast, source = _tables(code, module, is_package)
    assert from_ast.bindings == from_cst.bindings
    assert [(r.target, r.names, r.kind) for r in from_ast.imports] == [(r.target, r.names, r.kind) for r in from_cst.imports]
    assert [s.lineno for s in from_ast.statements] == source.import_lines()
    assert len(from_ast.statements) == len(from_cst.statements)


def test_import_kinds_tell_elif_from_an_if_alone_in_else() -> None:
    code = textwrap.dedent(TRICKY_IMPORTS["else_if_alone.py"])
    _, table, _ = _tables(code, "m", False)
    kinds = {r.target: r.kind for r in table.imports}
    # As the libcst walk reads them: an `if TYPE_CHECKING` inside `else:` is one; an
    # `elif TYPE_CHECKING` branch keeps the kind around it.
    assert kinds == {"typed_only": "type-checking", "one_line": "runtime", "not_typed": "runtime"}


def test_import_table_from_ast_on_this_project() -> None:
    files = sorted((ROOT / "auditor").rglob("*.py")) + sorted((ROOT / "rules").rglob("*.py"))
    assert len(files) > 100
    for path in files:
        code = path.read_text(encoding="utf-8")
        from_cst, from_ast, _ = _tables(code, "auditor.x", False)
        assert from_ast.bindings == from_cst.bindings, path
        assert [(r.target, r.names, r.kind) for r in from_ast.imports] == [
            (r.target, r.names, r.kind) for r in from_cst.imports
        ], path


def test_ast_index_views() -> None:
    code = "import os.path as p\nfrom a import b\nclass K:\n    def m(self, arg, *, kw=1):\n        global G\n        return p.join(x, key=arg)\n"
    tree = ast.parse(code)
    index = AstIndex(walk_nodes(tree), code)
    assert {"os", "path", "p", "a", "b", "K", "m", "self", "arg", "kw", "G", "join", "x", "key"} <= index.names
    assert "return" not in index.names
    assert index.has(ast.Global) and not index.has(ast.Nonlocal)
    calls = index.of(ast.Call)
    assert len(calls) == 1 and calls[0].func.attr == "join"
    assert [type(n) for n in index.of(ast.Import, ast.ImportFrom)] == [ast.Import, ast.ImportFrom]


class _Never(Rule):
    """A rule idle everywhere, and one that would report every call if it ran."""

    id = "TST911"
    title = "Every call"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.LOW
    why = "A rule for the engine's test: idle in every file, it must never be walked."
    fix = "Nothing to fix in the audited code."
    example = Example("f()  # expect", "pass")
    VALID = ["pass"]
    INVALID = ["f()  # expect"]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = context.index is not None

    def visit_Call(self, node: cst.Call) -> None:
        self.report(node)


def _state(*rules: type[Rule]) -> Worker:
    plan = Plan(libcst_rules=tuple(r.id for r in rules), file_rules=(), bandit_tests=(), engine_rules=())
    state = Worker(plan)
    state.rules = {**state.rules, **{r.id: r for r in rules}}
    state.docs = {**state.docs, **{r.id: r.doc() for r in rules}}
    return state


def test_a_file_where_every_rule_is_idle_is_not_parsed_by_libcst(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("import os\nfrom . import sibling\n\nos.system('x')\n")
    result = analyze_file(FileTask(str(path), "pkg/m.py"), _state(_Never))
    timings = dict(result.timings)
    assert "parse" not in timings and "positions" in timings
    assert result.findings == () and result.errors == () and result.analyzed
    assert result.facts is not None
    assert [(i.target, i.line, i.text) for i in result.facts.imports] == [("os", 1, "import os"), ("pkg", 2, "from . import sibling")]


def test_without_a_stdlib_tree_the_rules_run_on_libcst(tmp_path: Path) -> None:
    # `except*` is 3.11 syntax, a star-expression subscript 3.11 too; take a shape this
    # Python cannot read but libcst can: a 3.12 f-string with nested quotes.
    path = tmp_path / "m.py"
    path.write_text('import os\nx = f"{os.environ["HOME"]}"\nf()\n')
    source = SourceFile("m.py", path.read_bytes())
    with pytest.raises(Exception):
        source.ast
    result = analyze_file(FileTask(str(path), "m.py"), _state(_Never))
    assert [(f.rule, f.line) for f in result.findings] == [("TST911", 3)]
    assert "parse" in dict(result.timings)
    assert result.facts is not None and [i.target for i in result.facts.imports] == ["os"]


def test_a_file_only_libcst_cannot_read_keeps_its_imports(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("import os\n\\\n\nos.getcwd()\n")  # a line holding only a backslash
    state = Worker(plan_for(Config()))
    result = analyze_file(FileTask(str(path), "m.py"), state)
    if result.errors:  # some rule was open: libcst was asked and said why it cannot read it
        assert [e.kind for e in result.errors] == [ErrorKind.PARSE]
    assert result.facts is not None and [i.target for i in result.facts.imports] == ["os"]


def _real_files() -> list[tuple[str, str]]:
    files = sorted((ROOT / "auditor").rglob("*.py")) + sorted((ROOT / "rules").rglob("*.py"))
    files += sorted((ROOT / "tests").glob("test_*.py"))
    fixtures = ROOT / "tests" / "fixtures"
    files += sorted(p for p in fixtures.rglob("*.py") if p.stat().st_size < 200_000)
    out = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            ast.parse(text)
            cst.parse_module(text)
        except (SyntaxError, UnicodeDecodeError, cst.ParserSyntaxError, ValueError):
            continue
        out.append((path.relative_to(ROOT).as_posix(), text))
    return out


def test_no_idle_rule_would_have_reported_on_real_files() -> None:
    """Every libcst rule, made as the engine makes it, on this project's code, its tests
    and fixtures: where it says it is idle, walking it anyway reports nothing."""
    worker = Worker(plan_for(Config()))
    checked = idle_seen = 0
    for relpath, text in _real_files():
        source = SourceFile(relpath, text.encode(), relpath.removesuffix(".py").replace("/", "."))
        imports = build_import_table_from_ast(source.ast, source.lines, source.module_name, False)
        index = AstIndex(source.ast_nodes, source.text)
        is_test = bool(TEST_FILES.match_file(relpath))

        def context(rid: str) -> FileContext:
            return FileContext(relpath, source.module_name, imports, worker.options.get(rid, {}), is_test, index)

        rules = [worker.rules[rid](context(rid)) for rid in worker.plan.libcst_rules]
        idle = {rule.id for rule in rules if rule.idle}
        for rule in rules:
            rule.idle = False
        visit_batched(source.module, _with_trackers(rules, context("")))
        wrong = sorted(rule.id for rule in rules if rule.id in idle and rule.reports)
        assert not wrong, f"{relpath}: idle yet reported: {wrong}"
        checked += 1
        idle_seen += len(idle)
    assert checked > 200 and idle_seen > 0


def test_ast_qualify_equals_qualify_on_this_project() -> None:
    """The idle checks' `ast_qualify` gives every call's function the name the rules'
    `ImportTable.qualify` gives libcst's node of it (matched by the call's line)."""
    compared = 0
    for path in sorted((ROOT / "auditor").rglob("*.py")) + sorted((ROOT / "rules").rglob("*.py")):
        code = path.read_text(encoding="utf-8")
        if not code.isascii():
            continue
        source = SourceFile("m.py", code.encode(), "pkg.m")
        table = build_import_table_from_ast(source.ast, source.lines, "pkg.m", False)
        wrapper = cst.MetadataWrapper(source.module, unsafe_skip_copy=True)
        spans = wrapper.resolve(cst.metadata.PositionProvider)
        from_cst = sorted((spans[n].start.line, str(table.qualify(n.func))) for n in spans if isinstance(n, cst.Call))
        from_ast = sorted((n.lineno, str(ast_qualify(n.func, table))) for n in source.ast_nodes if isinstance(n, ast.Call))
        assert from_ast == from_cst, path
        compared += len(from_ast)
    assert compared > 5000
