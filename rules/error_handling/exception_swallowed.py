"""ERR001: a broad `except` whose body does nothing, so the error vanishes."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.helpers import AstIndex, ImportTable, ast_qualify
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.error_handling import _idle

# A statement that does nothing with the exception: `pass`, `...`, `continue`.
_NOOP = m.Pass() | m.Continue() | m.Expr(value=m.Ellipsis())
_NOOP_LINE = m.SimpleStatementLine(body=[m.AtLeastN(_NOOP, n=1)])
_NOOP_BODY = m.SimpleStatementSuite(body=[m.AtLeastN(_NOOP, n=1)]) | m.IndentedBlock(
    body=[m.AtLeastN(_NOOP_LINE, n=1)]
)

# A try body that only raises: the handler discards the exception it just raised on
# purpose (tests do this to exercise teardown paths); nothing unexpected is lost.
_RAISE_ONLY = m.IndentedBlock(body=[m.SimpleStatementLine(body=[m.Raise()])]) | m.SimpleStatementSuite(
    body=[m.Raise()]
)

_BROAD = frozenset({"builtins.Exception", "builtins.BaseException"})


class ExceptionSwallowed(Rule):
    id = "ERR001"
    title = "Broad exception caught and silently discarded"
    category = Category.ERROR_HANDLING
    severity = Severity.MEDIUM
    supersedes = ("B110", "B112")  # bandit's broader check, same line: one finding
    confidence = Confidence.HIGH
    effort = 10  # minutes to fix one finding
    cwe = (390,)
    refs = (
        "https://cwe.mitre.org/data/definitions/390.html",
        "https://docs.python.org/3/tutorial/errors.html#handling-exceptions",
        "https://docs.python.org/3/library/contextlib.html#contextlib.suppress",
        "https://docs.astral.sh/ruff/rules/try-except-pass/",
    )
    why = """
        `except Exception: pass` (or a bare `except:`, or `continue`) turns every failure in
        the `try` block into silence: a typo'd attribute, a dropped database connection, a
        full disk and a timeout all look like success. The symptom shows up later and
        elsewhere (missing rows, a stale cache, a job that "ran" but did nothing) with no
        traceback and no log line to start from. A bare `except:` or `BaseException` also
        swallows KeyboardInterrupt and SystemExit, so the process ignores Ctrl-C and
        shutdown.

        Only broad handlers are reported. Suppressing one narrow, expected exception
        (`except ImportError: pass` for an optional dependency, `except KeyError: pass`,
        `except FileNotFoundError: pass`) is a deliberate, readable decision; flagging it
        would bury the real findings.
    """
    fix = """
        Catch the specific exceptions you expect and handle them. If a failure really is
        ignorable, log it (`logger.exception(...)` or at least `logger.debug(..., exc_info=True)`)
        so it can be found, or use `contextlib.suppress(SpecificError)` to state the intent.
    """
    example = Example(
        before="""
            def refresh_cache(client, key):
                try:
                    client.refresh(key)
                except Exception:
                    pass
        """,
        after="""
            import logging

            logger = logging.getLogger(__name__)

            def refresh_cache(client, key):
                try:
                    client.refresh(key)
                except Exception:
                    logger.exception("cache refresh failed for %s", key)
        """,
    )
    VALID = [
        # Narrow, expected exceptions: suppressing them is idiomatic.
        """
        try:
            import ujson as json
        except ImportError:
            pass
        """,
        """
        def pop(d, key):
            try:
                del d[key]
            except KeyError:
                pass
        """,
        """
        for path in paths:
            try:
                path.unlink()
            except (FileNotFoundError, PermissionError):
                continue
        """,
        # The handler does something with the error.
        """
        import logging
        log = logging.getLogger(__name__)
        try:
            work()
        except Exception:
            log.exception("work failed")
        """,
        """
        try:
            work()
        except Exception:
            raise
        """,
        """
        def parse(text):
            try:
                return int(text)
            except Exception:
                return None
        """,
        """
        try:
            value = compute()
        except Exception as exc:
            value = exc
        """,
        # contextlib.suppress states the intent and is not a handler.
        """
        import contextlib
        with contextlib.suppress(Exception):
            work()
        """,
        # A local class named Exception is not the builtin.
        """
        class Exception(ValueError):
            pass
        try:
            work()
        except Exception:
            pass
        """,
        # The try block only raises, on purpose; nothing unexpected is discarded.
        """
        def test_teardown_sees_error():
            try:
                raise TypeError("dummy")
            except Exception:
                pass
        """,
        """
        try:
            work()
        except Exception:
            failed = True
        """,
    ]
    INVALID = [
        """
        try:
            work()
        except Exception:  # expect
            pass
        """,
        """
        try:
            work()
        except:  # expect
            pass
        """,
        """
        try:
            work()
        except BaseException as exc:  # expect
            ...
        """,
        """
        for item in items:
            try:
                handle(item)
            except (ValueError, Exception):  # expect
                continue
        """,
        """
        try: work()
        except Exception: pass  # expect
        """,
        """
        import builtins
        try:
            work()
        except builtins.Exception:  # expect
            pass
        try:
            work()
        except ValueError:
            pass
        """,
        """
        try:
            work()
        except* Exception:  # expect
            pass
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = context.index is not None and not _can_report(context.index, context.imports)

    def visit_Try(self, node: cst.Try) -> None:
        self._check_try(node)

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self._check_try(node)

    def _check_try(self, node: cst.Try | cst.TryStar) -> None:
        if m.matches(node.body, _RAISE_ONLY):
            return
        for handler in node.handlers:
            if not m.matches(handler.body, _NOOP_BODY):
                continue
            if handler.type is None:
                self.report(handler, "bare `except:` discards every error (even KeyboardInterrupt) without a trace")
                continue
            broad = self._broad(handler.type)
            if broad:
                self.report(handler, f"`except {broad}` discards the error without logging or handling it")

    def _broad(self, type_: cst.BaseExpression) -> str | None:
        """The broad exception name caught by `type_` (a name or a tuple), if any."""
        candidates = [el.value for el in type_.elements] if isinstance(type_, cst.Tuple) else [type_]
        for expr in candidates:
            name = self.qualify(expr)
            if name in _BROAD:
                return name.rpartition(".")[2]
        return None


def _can_report(index: AstIndex, imports: ImportTable) -> bool:
    """`_check_try` on the stdlib tree: a report needs a `try` whose body is not a lone
    `raise`, with a no-op handler that is bare or names a broad exception."""
    for node in index.of(ast.Try, ast.TryStar):
        if len(node.body) == 1 and isinstance(node.body[0], ast.Raise):
            continue  # _RAISE_ONLY
        for handler in node.handlers:
            if not _idle.is_noop_body(handler.body):
                continue
            if handler.type is None:
                return True
            if any(ast_qualify(expr, imports) in _BROAD for expr in _idle.handler_types(handler.type)):
                return True
    return False
