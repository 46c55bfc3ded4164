"""Idle conditions of the testing (TST003-TST005) and error-handling (ERR001-ERR007) rules:
the shapes where a looser condition would go idle and lose a finding still report their
exact lines through the real engine, and files where a rule cannot report leave it idle."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from auditor.engine import FileTask, Plan, Worker, analyze_file
from auditor.helpers import AstIndex, build_import_table_from_ast
from auditor.registry import own_rules
from auditor.rule import FileContext
from auditor.source import walk_nodes

# (rule, path, code): every line ending in `# expect` is reported, and no other.
REPORTS = [
    # TST003: a test class known by its base only, through an alias.
    ("TST003", "tests/test_alias.py", """
        from django.test import TestCase as DjangoCase
        class Orders(DjangoCase):
            def test_create(self):  # expect
                self.client.post("/orders")
    """),
    # ...a helper chain: `uses_helper` reaches an assert two calls away, `smoke` does not.
    ("TST003", "tests/test_helpers.py", """
        def test_uses_helper(client):
            outer(client)
        def outer(client):
            inner(client)
        def inner(client):
            assert client.get("/").ok
        def test_smoke(client):  # expect
            client.get("/")
    """),
    # ...async, under an `if`, in a class nested in a test class, and with a decorator that
    # is not an exemption; an assert in a nested def checks the test holding it.
    ("TST003", "tests/test_shapes.py", """
        import sys
        import pytest
        if sys.version_info >= (3, 8):
            async def test_async(client):  # expect
                await client.get("/")
        class TestOuter:
            class TestInner:
                def test_deep(self):  # expect
                    self.run()
            @pytest.mark.parametrize("n", [1, 2])
            def test_param(self, n):  # expect
                self.run(n)
            def test_nested_def(self):
                def check():
                    assert self.ok
                check()
    """),
    # ...Django's `tests.py`, a test run only by its name.
    ("TST003", "shop/tests.py", """
        def test_page(client):  # expect
            client.get("/")
    """),
    # TST004: time.sleep through aliases.
    ("TST004", "tests/test_sleep.py", """
        import time as clock
        from time import sleep as nap
        def test_wait():
            nap(1)  # expect
            clock.sleep(0.5)  # expect
            clock.sleep(0)
            assert True
    """),
    # TST005: an aliased skip decorator, a module-level skip, a pytestmark.
    ("TST005", "tests/test_skips.py", """
        import pytest
        from unittest import skip as later
        pytest.skip("not yet", allow_module_level=True)  # expect
        pytestmark = [pytest.mark.skip]  # expect
        @later("flaky")  # expect
        def test_x():
            assert True
    """),
    # ERR001: a broad type inside a tuple, `builtins.Exception`, `...` as the body.
    ("ERR001", "app/swallow.py", """
        import builtins
        def f():
            try:
                g()
            except (ValueError, Exception):  # expect
                pass
            try:
                g()
            except builtins.Exception:  # expect
                ...
            try:
                raise ValueError()
            except Exception:
                pass
    """),
    # ERR002: a raise in a class body and in a nested try within a handler; `raise e`
    # from an unnamed handler; none from a nested def or with `from`.
    ("ERR002", "app/context.py", """
        def f():
            try:
                g()
            except KeyError as err:
                class Inner:
                    raise ValueError("a")  # expect
                try:
                    h()
                finally:
                    raise RuntimeError("b")  # expect
                def later():
                    raise TypeError("c")
                raise err
            try:
                g()
            except KeyError:
                raise e  # expect
            try:
                g()
            except KeyError as err:
                raise ValueError("d") from err
    """),
    # ERR003: libcst counts attribute and keyword names as names of the test.
    ("ERR003", "app/checks.py", """
        def pay(self, amount, limit):
            assert self.amount > 0  # expect
            assert check(limit=3)  # expect
            assert isinstance(amount, int)
        def _private(amount):
            assert amount
        def outer(amount):
            try:
                g()
            except KeyError:
                assert amount  # expect
            class Local:
                assert amount  # expect
            def inner(other):
                assert amount
    """),
    # ERR004: an interrupt inside a tuple, in a loop.
    ("ERR004", "app/loop.py", """
        def serve(jobs):
            for job in jobs:
                try:
                    job()
                except (OSError, KeyboardInterrupt):  # expect
                    pass
    """),
    # ERR005: a raise in a nested def does not make the bare except re-raise.
    ("ERR005", "app/bare.py", """
        def f():
            try:
                g()
            except:  # expect
                def later():
                    raise ValueError()
                later()
            try:
                g()
            except:
                cleanup()
                raise
    """),
    # ERR006: `while 1:`.
    ("ERR006", "app/retry.py", """
        def fetch(client):
            while 1:  # expect
                try:
                    data = client.get("/")
                    break
                except ConnectionError:
                    log.warning("again")
            return data
    """),
    # ERR007: an aliased exit.
    ("ERR007", "app/lib.py", """
        from sys import exit as bye
        def load(path):
            if not path:
                bye(2)  # expect
    """),
]

# (rule, path, code) where the rule cannot report: it must be idle.
IDLE = [
    ("TST003", "tests/test_ok.py", """
        import unittest
        class Helper:
            def test_like(self):
                self.run()
        class TestOk(unittest.TestCase):
            def test_eq(self):
                self.assertEqual(1, 1)
            def test_helper(self):
                self._check()
            def _check(self):
                assert True
    """),
    ("TST003", "app/orders.py", "def test_mode():\n    return True\n"),
    ("TST004", "tests/test_time.py", "import time\nimport asyncio\ndef test_t():\n    asyncio.sleep(1)\n    assert time.time()\n"),
    ("TST005", "tests/test_skipif.py", "import pytest\n@pytest.mark.skipif(True, reason='x')\ndef test_x():\n    assert True\n"),
    ("ERR001", "app/a.py", "try:\n    g()\nexcept Exception:\n    log()\ntry:\n    raise ValueError()\nexcept Exception:\n    pass\n"),
    ("ERR002", "app/b.py", "try:\n    g()\nexcept KeyError as err:\n    raise ValueError() from err\n"),
    ("ERR002", "tests/test_b.py", "try:\n    g()\nexcept KeyError:\n    raise ValueError()\n"),
    ("ERR003", "app/c.py", "def _f(x):\n    assert x\ndef g(y):\n    assert isinstance(y, int)\n    def h(z):\n        assert y\n"),
    ("ERR004", "app/d.py", "for x in y:\n    try:\n        f()\n    except KeyboardInterrupt:\n        stop()\n"),
    ("ERR005", "app/e.py", "try:\n    g()\nexcept:\n    cleanup()\n    raise\n"),
    ("ERR006", "app/f.py", "while True:\n    if poll():\n        break\n"),
    ("ERR006", "app/f2.py", """
        def poll(queue, pause):
            while True:
                try:
                    return queue.pop()
                except IndexError:
                    pause.wait_a_bit()
            while 1:
                try:
                    break
                except OSError:
                    attempts += 1
    """),
    ("ERR007", "app/g.py", "import sys\ndef main():\n    sys.exit(1)\nif __name__ == '__main__':\n    main()\n"),
]


def _write(tmp_path: Path, relpath: str, code: str) -> Path:
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(code).lstrip("\n"))
    return path


@pytest.mark.parametrize(("rule", "relpath", "code"), REPORTS, ids=[f"{r}-{p}" for r, p, _ in REPORTS])
def test_the_rule_still_reports_its_lines(tmp_path: Path, rule: str, relpath: str, code: str) -> None:
    path = _write(tmp_path, relpath, code)
    expected = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line.endswith("# expect")]
    worker = Worker(Plan(libcst_rules=(rule,), file_rules=(), bandit_tests=(), engine_rules=()))
    result = analyze_file(FileTask(str(path), relpath), worker)
    assert not result.errors
    assert sorted(f.line for f in result.findings if f.rule == rule) == expected


def _made(rule: str, relpath: str, code: str) -> object:
    code = textwrap.dedent(code).lstrip("\n")
    tree = ast.parse(code)
    module = relpath.removesuffix(".py").replace("/", ".")
    imports = build_import_table_from_ast(tree, code.splitlines(), module, False)
    cls = own_rules()[rule]
    is_test = relpath.startswith("tests/")
    return cls(FileContext(relpath, module, imports, dict(cls.options), is_test, AstIndex(walk_nodes(tree), code)))


@pytest.mark.parametrize(("rule", "relpath", "code"), IDLE, ids=[f"{r}-{p}" for r, p, _ in IDLE])
def test_the_rule_is_idle_where_it_cannot_report(tmp_path: Path, rule: str, relpath: str, code: str) -> None:
    assert _made(rule, relpath, code).idle  # type: ignore[attr-defined]
    # ...and the engine agrees: nothing reported.
    path = _write(tmp_path, relpath, code)
    worker = Worker(Plan(libcst_rules=(rule,), file_rules=(), bandit_tests=(), engine_rules=()))
    assert not [f for f in analyze_file(FileTask(str(path), relpath), worker).findings if f.rule == rule]


@pytest.mark.parametrize(("rule", "relpath", "code"), REPORTS, ids=[f"{r}-{p}" for r, p, _ in REPORTS])
def test_the_rule_is_open_where_it_reports(rule: str, relpath: str, code: str) -> None:
    assert not _made(rule, relpath, code).idle  # type: ignore[attr-defined]
