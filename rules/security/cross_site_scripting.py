from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class CrossSiteScripting(TaintRule):
    """Request data written unescaped into an HTML response."""

    id = "SEC106"
    kind = "xss"
    title = "HTML response built from request data"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (79,)
    refs = (
        "https://cwe.mitre.org/data/definitions/79.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
    )
    supersedes = ("B308", "B703", "B704")
    effort = 20
    why = """
        A `<script>` in the client's value runs in the victim's browser with your site's
        origin: it reads the page, acts as the user (changes the e-mail, buys, posts),
        steals tokens not marked HttpOnly. One crafted link is enough. Strings returned
        from a Flask view, `HttpResponse(...)`, `Markup(...)` and `mark_safe(...)` are
        sent as HTML without escaping. High.
        """
    fix = """
        Render through a template with autoescaping (`render_template`, Django `render`)
        and let it escape, or escape yourself with `markupsafe.escape` / `html.escape`
        / Django's `format_html`. Return JSON for data (`jsonify`, `JsonResponse`). Never
        wrap client data in `Markup` or `mark_safe`.
        """
    example = Example(
        before="""
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/hello")
            def hello():
                return "<h1>Hello " + request.args.get("name", "") + "</h1>"
            """,
        after="""
            from markupsafe import escape
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/hello")
            def hello():
                return "<h1>Hello " + escape(request.args.get("name", "")) + "</h1>"
            """,
    )
    VALID = [
        """
        from flask import Flask, jsonify, make_response, render_template, request

        app = Flask(__name__)

        @app.get("/a")
        def a():
            return jsonify(name=request.args["name"])

        @app.get("/b")
        def b():
            resp = make_response("ok")
            resp.headers["X-Name"] = request.args["name"]
            return resp

        @app.get("/c")
        def c():
            return render_template("c.html", name=request.args["name"])
        """,
    ]
    INVALID = [
        """
        from django.http import HttpResponse
        from django.utils.safestring import mark_safe

        def greet(request):
            name = request.GET.get("name", "")
            banner = mark_safe("<b>%s</b>" % name)  # expect
            return HttpResponse("<p>Hi " + name + "</p>")  # expect
        """,
    ]
