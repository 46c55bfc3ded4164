"""libcst node classes get a faster `__init__` (auditor.source._install_fast_inits): the
trees, the signatures, the defaults and the validation must be exactly libcst's own.

Each check runs in a fresh interpreter, where libcst's dataclass-generated inits are still
there to compare with."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PRELUDE = """
import dataclasses, inspect, sys
from pathlib import Path
import libcst as cst
from libcst._nodes.base import CSTNode
from libcst._nodes.deep_equals import deep_equals
import auditor.source as source

def node_classes():
    out, todo = [], [CSTNode]
    while todo:
        for c in todo.pop().__subclasses__():
            if c not in out:
                out.append(c)
                todo.append(c)
    return out

ORIGINAL = {c: c.__dict__["__init__"] for c in node_classes() if "__init__" in c.__dict__}
source._install_fast_inits()
FAST = {c: c.__dict__["__init__"] for c in node_classes() if "__init__" in c.__dict__}

def use(table):
    for c, init in table.items():
        c.__init__ = init

def shape(node):
    if isinstance(node, CSTNode):
        return (type(node), tuple((f.name, shape(getattr(node, f.name))) for f in dataclasses.fields(node)),
                sorted(getattr(node, "__dict__", {})))
    if isinstance(node, (list, tuple)):
        return (type(node), tuple(shape(x) for x in node))
    return (type(node), node)
"""


def _run(body: str) -> str:
    code = _PRELUDE + textwrap.dedent(body)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_most_node_classes_get_a_fast_init_with_libcst_signature() -> None:
    out = _run(
        """
        replaced = [c for c in ORIGINAL if ORIGINAL[c] is not FAST[c]]
        assert len(replaced) > 300, len(replaced)
        for c in replaced:
            a, b = inspect.signature(ORIGINAL[c]), inspect.signature(FAST[c])
            assert list(a.parameters) == list(b.parameters), c
            for name, p in a.parameters.items():
                q = b.parameters[name]
                assert p.kind == q.kind, (c, name)
                assert p.default is q.default, (c, name)  # the same objects, factories' marker too
        print(len(replaced))
        """
    )
    assert int(out.split()[-1]) > 300


def test_trees_of_real_files_are_identical_both_ways() -> None:
    """The tool's own source and the test fixtures: every field of every node, the code."""
    out = _run(
        """
        files = sorted(Path("auditor").rglob("*.py")) + sorted(Path("tests/fixtures").rglob("*.py"))
        assert len(files) > 50
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            trees = []
            for table in (ORIGINAL, FAST):
                use(table)
                try:
                    trees.append(cst.parse_module(text))
                except Exception as exc:
                    trees.append(repr(exc))
            a, b = trees
            if isinstance(a, str) or isinstance(b, str):
                assert a == b, path
                continue
            assert deep_equals(a, b) and a.code == b.code == text, path
            assert shape(a) == shape(b), path
        print(len(files))
        """
    )
    assert int(out.split()[-1]) > 50


def test_defaults_factories_and_validation_are_kept() -> None:
    _run(
        """
        use(FAST)
        # Omitted fields take the same defaults and fresh default-factory values.
        for make in (
            lambda: cst.Name("x"),
            lambda: cst.Call(func=cst.Name("f")),
            lambda: cst.Subscript(value=cst.Name("a"), slice=[cst.SubscriptElement(cst.Index(cst.Integer("1")))]),
            lambda: cst.FunctionDef(name=cst.Name("f"), params=cst.Parameters(), body=cst.IndentedBlock([cst.SimpleStatementLine([cst.Pass()])])),
            lambda: cst.Comparison(cst.Name("a"), [cst.ComparisonTarget(cst.Is(), cst.Name("b"))]),
        ):
            fast = make()
            use(ORIGINAL)
            own = make()
            use(FAST)
            assert deep_equals(fast, own) and shape(fast) == shape(own), fast
            assert cst.Module([cst.SimpleStatementLine([cst.Expr(fast)])]).code == cst.Module([cst.SimpleStatementLine([cst.Expr(own)])]).code
        # Validation (__post_init__) still runs: libcst's own errors for invalid nodes.
        for bad in (lambda: cst.Name(""), lambda: cst.Integer("x1"), lambda: cst.Call(func=cst.Name("f"), lpar=[cst.LeftParen()])):
            try:
                bad()
            except cst.CSTValidationError:
                pass
            else:
                raise AssertionError("validation did not run")
        # The instances are as libcst makes them: frozen, fields where libcst keeps them.
        node = cst.Name("x")
        try:
            node.value = "y"
        except dataclasses.FrozenInstanceError:
            pass
        else:
            raise AssertionError("not frozen")
        assert node.with_changes(value="y").value == "y"
        """
    )


def test_a_class_with_its_own_init_keeps_it() -> None:
    _run(
        """
        @dataclasses.dataclass(frozen=True)
        class Custom(cst.Name):
            def __init__(self, value):
                object.__setattr__(self, "value", value)
                object.__setattr__(self, "lpar", ())
                object.__setattr__(self, "rpar", ())

        assert source._fast_init(Custom) is None
        assert source._fast_init(cst.Name) is None  # already replaced: not dataclasses' code any more
        """
    )
