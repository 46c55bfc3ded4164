"""ERR006: `while True` retry loop with no attempt limit and no delay."""

from __future__ import annotations

import ast
import re

import libcst as cst
import libcst.matchers as m

from auditor.helpers import AstIndex, compiled_matcher
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.analysis.except_blocks import contains
from auditor.rules.error_handling import _idle

_FOREVER = m.While(test=m.Name("True") | m.Integer("1"))
_EXIT = m.Break() | m.Return()
_LEAVES = m.Raise() | m.Break() | m.Return()
# Anything that waits or counts: time.sleep, asyncio.sleep, event.wait, backoff helpers,
# `attempts += 1`.
_WAITS = m.Call(
    func=m.Name(value=m.MatchRegex(r"(?i).*(sleep|wait|backoff|delay).*"))
    | m.Attribute(attr=m.Name(value=m.MatchRegex(r"(?i).*(sleep|wait|backoff|delay).*")))
)
_COUNTS = m.AugAssign()
_IS_FOREVER = compiled_matcher(_FOREVER)
# A handler that changes state (a new name to try, a repaired input) makes progress: not a retry.
_CHANGES_STATE = m.Assign() | m.AugAssign() | m.AnnAssign()
_INTERACTIVE = m.Call(func=m.Name("input"))


class RetryLoopWithoutBackoff(Rule):
    id = "ERR006"
    title = "Retry loop without a limit or backoff"
    category = Category.ERROR_HANDLING
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 15
    refs = (
        "https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/",
        "https://tenacity.readthedocs.io/en/latest/",
        "https://sre.google/sre-book/addressing-cascading-failures/",
    )
    why = """
        `while True: try: ...; break  except: continue` retries a failing call immediately
        and forever. When the dependency is down, every instance spins at 100% CPU,
        hammers it with requests the moment it tries to recover (a retry storm that keeps
        it down), floods the logs, and never reports failure to its caller. A permanent
        error (bad credentials, a malformed request) is retried until someone notices.
    """
    fix = """
        Bound the attempts and wait between them with exponential backoff and jitter:
        `tenacity` (`@retry(stop=stop_after_attempt(5), wait=wait_exponential_jitter())`),
        `backoff`, or an explicit `for attempt in range(5): ... time.sleep(min(2 ** attempt, 30) + random.random())`.
    """
    example = Example(
        before="""
            def fetch(client):
                while True:
                    try:
                        return client.get("/status")
                    except ConnectionError:
                        continue
        """,
        after="""
            import random
            import time

            def fetch(client, attempts=5):
                for attempt in range(attempts):
                    try:
                        return client.get("/status")
                    except ConnectionError:
                        if attempt == attempts - 1:
                            raise
                        time.sleep(min(2 ** attempt, 30) + random.random())
        """,
    )
    VALID = [
        """
        import time
        def fetch(client):
            while True:
                try:
                    return client.get("/status")
                except ConnectionError:
                    time.sleep(1)
        def consume(queue):
            while True:
                try:
                    handle(queue.get())
                except ValueError:
                    continue
        def unique_name(path):
            while True:
                try:
                    return create(path)
                except FileExistsError:
                    path = next_name(path)
        def ask():
            while True:
                try:
                    return int(input())
                except ValueError:
                    pass
        def bounded(client):
            tries = 0
            while True:
                try:
                    return client.get("/")
                except ConnectionError:
                    tries += 1
                    if tries > 3:
                        raise
        """,
    ]
    INVALID = [
        """
        def fetch(client):
            while True:  # expect
                try:
                    data = client.get("/status")
                    break
                except (ConnectionError, TimeoutError):
                    log.warning("retrying")
            return data
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = context.index is not None and not _can_report(context.index)

    def visit_While(self, node: cst.While) -> None:
        if not _IS_FOREVER(node):
            return
        tries = [s for s in node.body.body if isinstance(s, cst.Try)]
        if not any(self._retries(t) for t in tries):
            return
        if contains(node.body, _WAITS) or contains(node.body, _COUNTS) or contains(node.body, _INTERACTIVE):
            return
        self.report(node, "`while True` retries on failure immediately and forever; add an attempt limit and backoff")

    @staticmethod
    def _retries(node: cst.Try) -> bool:
        """The try leaves the loop on success, and some handler loops back."""
        succeeds = contains(node.body, _EXIT) or (node.orelse is not None and contains(node.orelse, _EXIT))
        loops_back = any(not contains(h.body, _LEAVES) and not contains(h.body, _CHANGES_STATE) for h in node.handlers)
        return succeeds and loops_back


def _can_report(index: AstIndex) -> bool:
    """visit_While on the stdlib tree: a `while True:` / `while 1:` with a retrying `try`
    directly in its body, and no wait, counter or prompt in it."""
    for node in index.of(ast.While):
        test = node.test
        if not (isinstance(test, ast.Constant) and (test.value is True or (type(test.value) is int and test.value == 1))):
            continue
        if not any(isinstance(stmt, ast.Try) and _retries_ast(stmt) for stmt in node.body):
            continue
        if _idle.contains(node.body, (ast.AugAssign,)) or any(isinstance(n, ast.Call) and _waits_or_asks(n) for n in _idle.reachable(node.body)):
            continue
        return True
    return False


_WAIT_NAME = re.compile(r"(?i).*(sleep|wait|backoff|delay).*")


def _waits_or_asks(call: ast.Call) -> bool:
    """`_WAITS` or `_INTERACTIVE`."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "input" or bool(_WAIT_NAME.fullmatch(func.id))
    return isinstance(func, ast.Attribute) and bool(_WAIT_NAME.fullmatch(func.attr))


def _retries_ast(node: ast.Try) -> bool:
    """`_retries` on the stdlib tree."""
    succeeds = _idle.contains(node.body, (ast.Break, ast.Return)) or _idle.contains(node.orelse, (ast.Break, ast.Return))
    return succeeds and any(
        not _idle.contains(h.body, (ast.Raise, ast.Break, ast.Return)) and not _idle.contains(h.body, (ast.Assign, ast.AugAssign, ast.AnnAssign))
        for h in node.handlers
    )
