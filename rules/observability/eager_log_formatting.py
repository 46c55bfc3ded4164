"""OBS002: a logging message formatted before the call (f-string, %, .format)."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from auditor.analysis.logging_calls import logging_method, message_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule

_STRING = m.SimpleString() | m.ConcatenatedString()
_EAGER = (
    m.FormattedString(parts=[m.ZeroOrMore(), m.FormattedStringExpression(), m.ZeroOrMore()])
    | m.BinaryOperation(left=_STRING, operator=m.Modulo())
    | m.Call(func=m.Attribute(value=_STRING, attr=m.Name("format")))
)


class EagerLogFormatting(Rule):
    id = "OBS002"
    title = "Log message formatted eagerly (f-string, % or .format)"
    category = Category.OBSERVABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 2
    tags = ("logging",)
    refs = (
        "https://docs.python.org/3/howto/logging.html#optimization",
        "https://docs.sentry.io/platforms/python/integrations/logging/",
        "https://docs.astral.sh/ruff/rules/logging-f-string/",
    )
    why = """
        `logger.debug(f"loaded {len(rows)} rows: {rows}")` builds the string (and calls
        every `repr`) even when DEBUG is off, which in a hot path is real CPU. Worse for
        operations: error trackers and log platforms group events by the message template;
        with the values baked in, every occurrence is a distinct message, so one recurring
        error shows up as thousands of unrelated ones and alert thresholds never trigger.
    """
    fix = "Pass the values as arguments: `logger.info(\"loaded %d rows for %s\", len(rows), user_id)`; logging formats only if the record is emitted."
    example = Example(
        before="""
            import logging

            logger = logging.getLogger(__name__)

            def charge(order):
                logger.info(f"charging order {order.id} for {order.total}")
        """,
        after="""
            import logging

            logger = logging.getLogger(__name__)

            def charge(order):
                logger.info("charging order %s for %s", order.id, order.total)
        """,
    )
    VALID = [
        """
        import logging
        logger = logging.getLogger(__name__)
        logger.info("charging order %s", order_id)
        logger.info(f"static text")
        logger.log(logging.INFO, "n=%d", n)
        print(f"{x}")
        results.info(f"{x}")
        """,
    ]
    INVALID = [
        """
        import logging
        log = logging.getLogger(__name__)
        class Worker:
            def run(self, job):
                self.logger.warning("job %s failed" % job.id)  # expect
                log.error("job {} failed".format(job.id))  # expect
                logging.getLogger("jobs").debug(f"{job}")  # expect
                log.log(logging.INFO, f"done {job.id}")  # expect
        """,
    ]

    def visit_Call(self, node: cst.Call) -> None:
        found = logging_method(node, self.context.imports)
        if found is None:
            return
        arg = message_arg(node, found[0])
        if arg is not None and m.matches(arg.value, _EAGER):
            self.report(node, f"log message formatted before {found[0]}(); pass the values as arguments")
