from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class TrustBoundaryViolation(TaintRule):
    """Unchecked request data stored in the session, next to trusted server state."""

    id = "SEC112"
    kind = "trust-boundary"
    title = "Unvalidated request data stored in the session"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (501,)
    refs = ("https://cwe.mitre.org/data/definitions/501.html",)
    effort = 15
    why = """
        Code reading the session trusts it: it was set by the server. Storing what the
        client sent there, unchecked, lets a user set `role`, `user_id`, `is_admin` or a
        price that later code treats as established fact. Medium: the harm depends on who
        reads the key.
        """
    fix = """
        Validate before storing: convert (`int()`), check against an allow-list, or look the
        value up server-side (`session["cart_id"] = cart.id` after loading the cart the
        user owns). Keep client preferences apart from security state.
        """
    example = Example(
        before="""
            from flask import Flask, request, session

            app = Flask(__name__)

            @app.post("/prefs")
            def prefs():
                session["role"] = request.form["role"]
                return "ok"
            """,
        after="""
            from flask import Flask, abort, request, session

            app = Flask(__name__)
            THEMES = {"light", "dark"}

            @app.post("/prefs")
            def prefs():
                theme = request.form["theme"]
                if theme not in THEMES:
                    abort(400)
                session["theme"] = theme
                return "ok"
            """,
    )
    VALID = [
        """
        from flask import Flask, request, session

        app = Flask(__name__)

        @app.post("/page")
        def page():
            session["page"] = int(request.form["page"])
            session["seen"] = True
            return "ok"
        """,
    ]
    INVALID = [
        """
        def set_team(request):
            team = request.POST.get("team", "")
            request.session["team"] = team  # expect
            request.session.update({"last": request.GET["from"]})  # expect
        """,
    ]
