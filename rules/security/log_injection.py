from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class LogInjection(TaintRule):
    """Request data written to a log unneutralised."""

    id = "SEC114"
    kind = "log"
    title = "Request data written to the log without removing line breaks"
    category = Category.SECURITY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    cwe = (117,)
    refs = (
        "https://cwe.mitre.org/data/definitions/117.html",
        "https://owasp.org/www-community/attacks/Log_Injection",
    )
    effort = 5
    why = """
        A newline in the value starts a forged log line (`ok\\nINFO login succeeded for
        admin`): audits and incident responders read events that never happened, and log
        parsers or dashboards can be fed markup. Low: it corrupts evidence rather than
        breaking in, but it is cheap to prevent.
        """
    fix = """
        Strip or escape line breaks before logging client data
        (`value.replace("\\r", "").replace("\\n", " ")`, or `repr(value)` / `%r`), or use a
        structured (JSON) log formatter that encodes each field.
        """
    example = Example(
        before="""
            import logging
            from flask import Flask, request

            app = Flask(__name__)
            log = logging.getLogger(__name__)

            @app.post("/login")
            def login():
                log.warning("failed login for %s", request.form["user"])
                return "no", 401
            """,
        after="""
            import logging
            from flask import Flask, request

            app = Flask(__name__)
            log = logging.getLogger(__name__)

            @app.post("/login")
            def login():
                user = request.form["user"].replace("\\r", "").replace("\\n", " ")
                log.warning("failed login for %s", user)
                return "no", 401
            """,
    )
    VALID = [
        """
        import logging
        from fastapi import FastAPI

        app = FastAPI()
        logger = logging.getLogger(__name__)

        @app.get("/items/{item_id}")
        def item(item_id: int):
            logger.info("item %d requested", item_id)
            return {"id": item_id}
        """,
    ]
    INVALID = [
        """
        import logging

        def search(request):
            q = request.GET.get("q", "")
            logging.info("search: " + q)  # expect
            return q
        """,
    ]
