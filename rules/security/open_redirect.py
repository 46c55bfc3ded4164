from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class OpenRedirect(TaintRule):
    """Request data used as the target of a redirect."""

    id = "SEC105"
    kind = "redirect"
    title = "Redirect to a URL taken from request data"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (601,)
    refs = (
        "https://cwe.mitre.org/data/definitions/601.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html",
    )
    effort = 15
    why = """
        `/login?next=https://evil.example` sends users, after they logged in on your real
        domain, to a look-alike page that asks for their password again, or hands an
        OAuth code to the attacker. Phishing with your domain's credibility. Medium: it
        needs a victim to click, but it is routinely exploited.
        """
    fix = """
        Redirect only to paths of your own site: accept the value when
        `urlparse(url).netloc` is empty (or an allowed host) and the scheme is empty,
        Django's `url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})`,
        or map a short key to a known URL (`NEXT_PAGES[key]`); fall back to `/` otherwise.
        """
    example = Example(
        before="""
            from flask import Flask, redirect, request

            app = Flask(__name__)

            @app.get("/done")
            def done():
                return redirect(request.args.get("next", "/"))
            """,
        after="""
            from urllib.parse import urlparse
            from flask import Flask, redirect, request

            app = Flask(__name__)

            @app.get("/done")
            def done():
                target = request.args.get("next", "/")
                if urlparse(target).netloc or urlparse(target).scheme:
                    target = "/"
                return redirect(target)
            """,
    )
    VALID = [
        """
        from flask import Flask, redirect, request, url_for

        app = Flask(__name__)

        @app.get("/a")
        def a():
            return redirect("/profile/" + request.args["user"])

        @app.get("/b")
        def b():
            return redirect(url_for("show", name=request.args["name"]))
        """,
    ]
    INVALID = [
        """
        from django.http import HttpResponseRedirect

        def logout(request):
            target = request.GET.get("next") or "/"
            return HttpResponseRedirect(target)  # expect
        """,
    ]
