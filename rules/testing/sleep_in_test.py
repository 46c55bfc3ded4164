"""TST004: `time.sleep` in test code."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.analysis.testcode import is_test_file
from auditor.helpers import AstIndex, ImportTable
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.testing._idle import dotted_target


class SleepInTest(Rule):
    id = "TST004"
    title = "time.sleep in a test"
    category = Category.TESTING
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 20
    tags = ("tests", "flaky")
    refs = (
        "https://docs.pytest.org/en/stable/explanation/flaky.html",
        "https://github.com/spulec/freezegun",
    )
    why = """
        A sleep in a test guesses how long something takes: on a loaded CI runner the
        guess is too short and the test fails at random (a flaky suite that people learn
        to re-run and then to ignore), and on a fast machine it wastes the whole delay on
        every run. Suites with sleeps get slow enough that developers stop running them.
    """
    fix = """
        Wait for the condition instead (poll with a short timeout, join the thread, await
        the event), or remove the delay: freeze or inject the clock (`freezegun`,
        `time-machine`, a `clock` parameter) and mock the sleep the code under test does.
    """
    example = Example(
        before="""
            # file: tests/test_cache.py
            import time

            def test_expiry(cache):
                cache.set("k", 1, ttl=1)
                time.sleep(1.5)
                assert cache.get("k") is None
        """,
        after="""
            # file: tests/test_cache.py
            def test_expiry(cache, time_machine):
                cache.set("k", 1, ttl=1)
                time_machine.shift(1.5)
                assert cache.get("k") is None
        """,
    )
    VALID = [
        """
        # file: tests/test_ok.py
        import time
        def test_yield():
            time.sleep(0)
            assert time.monotonic() > 0
        """,
        """
        # file: app/poll.py
        import time
        def wait():
            time.sleep(1)
        """,
    ]
    INVALID = [
        """
        # file: tests/test_bad.py
        import time
        from time import sleep as nap
        def test_wait():
            time.sleep(2)  # expect
            nap(0.1)  # expect
            assert True
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._on = is_test_file(context.relpath, context.is_test)
        self.idle = not self._on or (context.index is not None and not _can_report(context.index, context.imports))

    def visit_Call(self, node: cst.Call) -> None:
        if not self._on or self.qualify(node.func) != "time.sleep":
            return
        if node.args and isinstance(node.args[0].value, (cst.Integer, cst.Float)):
            if float(node.args[0].value.value.replace("_", "")) == 0:
                return  # sleep(0): yields the thread, waits for nothing
        self.report(node, "time.sleep in a test: flaky on slow CI runners and slow everywhere else")


def _can_report(index: AstIndex, imports: ImportTable) -> bool:
    """A report needs a call that qualifies as `time.sleep` (`sleep(0)` left to the walk)."""
    if "sleep" not in index.names:
        return False  # `time.sleep`, or `from time import sleep [as s]`, writes `sleep`
    return any(dotted_target(call.func, imports) == "time.sleep" for call in index.of(ast.Call))
