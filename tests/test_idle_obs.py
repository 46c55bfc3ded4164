"""Idle conditions of OBS001-OBS006 and MNT013-MNT015: on the shapes where a naive
condition would go idle wrongly, the rule still reports (through the real engine, which
does not parse a file whose rules are all idle); on files it cannot report in, it is idle."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from auditor.engine import FileTask, Plan, Worker, analyze_file
from auditor.project import TEST_FILES
from auditor.helpers import AstIndex, build_import_table_from_ast
from auditor.project import module_name_for
from auditor.registry import own_rules
from auditor.rule import FileContext
from auditor.source import walk_nodes


def reported_lines(tmp_path: Path, rule: str, code: str, relpath: str = "shop/service.py") -> list[int]:
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(code))
    state = Worker(Plan(libcst_rules=(rule,), file_rules=(), bandit_tests=(), engine_rules=()))
    result = analyze_file(FileTask(str(path), relpath), state)
    assert not result.errors
    return sorted(f.line for f in result.findings if f.rule == rule)


def is_idle(rule: str, code: str, relpath: str = "shop/service.py", options: dict[str, object] | None = None) -> bool:
    code = textwrap.dedent(code)
    tree = ast.parse(code)
    module_name, is_package = module_name_for(relpath)
    imports = build_import_table_from_ast(tree, code.splitlines(keepends=True), module_name, is_package)
    index = AstIndex(walk_nodes(tree), code)
    context = FileContext(relpath, module_name, imports, options or {}, bool(TEST_FILES.match_file(relpath)), index)
    return bool(own_rules()[rule](context).idle)


REPORTED = [
    # OBS001: print through an alias, in a decorator (libcst's FunctionDef holds it), async, class body.
    (
        "OBS001",
        """
        from builtins import print as say
        import builtins
        if True:
            @register(print("registering"))
            async def fetch():
                say("fetching")
        class Job:
            builtins.print("defining Job")
        """,
        [5, 7, 9],
    ),
    # OBS002: aliases, getLogger(...) receiver, attribute chain, log(level, msg), msg=, adjacent literals.
    (
        "OBS002",
        """
        import logging as lg
        class Worker:
            def run(self, job):
                lg.info("job %s" % job)
                lg.getLogger("x").debug(f"{job}")
                self.app.audit_logger.error("a {}".format(job))
                _log.log(lg.INFO, ("done " "%s") % job)
                LOGGER.warning(msg=f"job {job.id}")
                logger.info(b"%s" % job)
        """,
        [5, 6, 7, 8, 9, 10],
    ),
    # OBS003: the name in an f-string, an attribute of it, a starred argument, a lambda; nested handlers.
    (
        "OBS003",
        """
        import logging
        log = logging.getLogger(__name__)
        async def sync():
            try:
                await push()
            except (OSError, ValueError) as exc:
                log.error(f"push failed: {exc}")
                log.critical("args %s", exc.args)
                log.fatal(*exc.args)
                try:
                    retry()
                except KeyError as err:
                    logging.getLogger("s").error(lambda: err)
        """,
        [8, 9, 10, 14],
    ),
    # OBS004: the logging module under another name.
    (
        "OBS004",
        """
        import logging as L
        class Sync:
            L.warning("at import")
        def sync():
            (L).exception("failed")
        """,
        [4, 6],
    ),
    # OBS005: basicConfig imported under another name, DEBUG as a name, a string, 10.
    (
        "OBS005",
        """
        import logging as L
        from logging import DEBUG, basicConfig as setup
        setup(level=DEBUG)
        L.basicConfig(level="DEBUG")
        L.basicConfig(format="%(message)s", level=10)
        L.basicConfig(level=(L.DEBUG))
        """,
        [4, 5, 6, 7],
    ),
    # OBS006: a dict key, a whole request mapping, an attribute in an f-string, a keyword, .get("key").
    (
        "OBS006",
        """
        import logging
        log = logging.getLogger(__name__)
        def handle(request, user, headers):
            log.info("card", extra={"credit_card": user.card})
            log.info("headers: %s", request.headers)
            log.debug(f"user {user.email} pw={user.password}")
            log.info("signup", ssn=user.ssn)
            log.info("auth %s", headers.get("Authorization"))
        """,
        [5, 6, 7, 8, 9],
    ),
    # MNT013: a lambda, an aliased constructor, keyword-only, async def, a comprehension.
    (
        "MNT013",
        """
        import collections
        from collections import defaultdict as dd
        handler = lambda event, log=collections.deque(): log.append(event)
        def f(a, *, into=dd(list)):
            return a
        async def g(seen=bytearray(), keys={k: 1 for k in "ab"}):
            return seen
        """,
        [4, 5, 7, 7],
    ),
    # MNT014: in a nested function and a method.
    (
        "MNT014",
        """
        COUNT = 0
        class C:
            def bump(self):
                def inner():
                    global COUNT
                    COUNT += 1
        """,
        [6],
    ),
    # MNT015: a relative star import.
    ("MNT015", "from . import *\nfrom .core import *\n", [1, 2]),
]


@pytest.mark.parametrize(("rule", "code", "lines"), REPORTED, ids=[r[0] for r in REPORTED])
def test_still_reports_through_the_engine(tmp_path: Path, rule: str, code: str, lines: list[int]) -> None:
    assert not is_idle(rule, code)
    assert reported_lines(tmp_path, rule, code) == lines


IDLE = [
    ("OBS001", "print('at import')\ndef main():\n    print('cli')\nlambda: print('x')\n"),
    ("OBS001", "import sys\ndef f():\n    print('x', file=sys.stderr)\n"),
    ("OBS001", "from mylib import print\ndef f():\n    print('x')\n"),
    ("OBS001", "def f():\n    print('x')\nif __name__ == '__main__':\n    f()\n"),
    ("OBS001", "def f():\n    return 'print(x)'  # print(x)\n"),
    ("OBS002", "import logging\nlogger = logging.getLogger(__name__)\nlogger.info('%s', x)\nlogger.info(f'static')\n"),
    ("OBS002", "results.info(f'{x}')\n"),
    ("OBS002", "log.log(f'{x}')\nlogger.info('n', f'{x}')\nprint('%s' % x)\n"),
    ("OBS003", "try:\n    f()\nexcept ValueError:\n    logger.error(str(e))\n"),
    (
        "OBS003",
        "try:\n    f()\nexcept ValueError as e:\n    logger.exception(e)\n    logger.warning(e)\n"
        "    logger.error(e, exc_info=True)\n    logger.error('failed')\nlogger.error(e)\n",
    ),
    ("OBS004", "import logging\nlogging.getLogger().info('x')\nlogger.info('x')\n"),
    ("OBS004", "from logging import warning\nwarning('x')\n"),
    ("OBS004", "import logging\ndef f():\n    logging.info('x')\nif __name__ == '__main__':\n    f()\n"),
    ("OBS005", "import logging\nlogging.basicConfig(level=logging.INFO)\nbasicConfig(level='DEBUG')\n"),
    ("OBS006", "import logging\nlog = logging.getLogger(__name__)\nlog.info('%d tokens %s', len(tokens), token_url)\n"),
    ("MNT013", "from mylib import list\ndef f(a=list(), b=(), c=frozenset(), *, e=None):\n    pass\n"),
    ("MNT013", "import collections\ndef f(d=collections.defaultdict, e=lambda: []):\n    pass\n"),
    ("MNT014", "def outer():\n    total = 0\n    def inner():\n        nonlocal total\n        total += 1\n"),
    ("MNT015", "from os.path import join\n# from os import *\n"),
]


@pytest.mark.parametrize(("rule", "code"), IDLE, ids=[f"{r[0]}-{i}" for i, r in enumerate(IDLE)])
def test_idle_where_it_cannot_report(tmp_path: Path, rule: str, code: str) -> None:
    assert is_idle(rule, code)
    assert reported_lines(tmp_path, rule, code) == []


def test_idle_by_path_and_options() -> None:
    logged = "import logging\ndef f(password):\n    print(password)\n    logging.info('pw %s', password)\n"
    for rule in ("OBS001", "OBS004"):
        assert not is_idle(rule, logged)
        assert is_idle(rule, logged, relpath="shop/management/commands/sync.py")
    assert not is_idle("OBS006", logged)
    assert is_idle("OBS006", logged, relpath="tests/test_sync.py")
    star = "from .core import *\n"
    assert is_idle("MNT015", star, relpath="pkg/__init__.py")
    assert not is_idle("MNT015", star, relpath="pkg/__init__.py", options={"allow-in-init": False})


def test_adjacent_f_strings_are_not_one_f_string_for_libcst(tmp_path: Path) -> None:
    concatenated = 'import logging\nlog = logging.getLogger(__name__)\nlog.error(\n    f"a {x} "\n    f"b.", x)\n'
    assert is_idle("OBS002", concatenated)
    assert reported_lines(tmp_path, "OBS002", concatenated) == []
    nested = 'import logging\nlog = logging.getLogger(__name__)\nlog.error((f"a {x:{w}} {f\'{y}\'}"))\n'
    assert not is_idle("OBS002", nested)
    assert reported_lines(tmp_path, "OBS002", nested) == [3]


def test_source_segments_equal_the_stdlib_ones() -> None:
    """OBS002's idle check cuts f-strings out of the text with its own `_segment` (the
    stdlib's splits the whole text per call): the same pieces, line ends and all."""
    import ast

    from auditor.rules.observability.eager_log_formatting import _segment

    text = 'x = 1\r\nlog.info(f"é {x}"\r\n  f"b")\n\x0cy = f"{x}"  # \x0c\rz = ("a"\n "b")\nw = f"""\nq {x}\n"""'
    tree = ast.parse(text)
    nodes = [n for n in ast.walk(tree) if isinstance(n, (ast.JoinedStr, ast.Call, ast.Constant, ast.Assign))]
    assert len(nodes) > 8
    for node in nodes:
        assert _segment(text, node) == ast.get_source_segment(text, node)
