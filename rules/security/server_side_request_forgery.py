from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class ServerSideRequestForgery(TaintRule):
    """Request data used as the URL of a request the server makes."""

    id = "SEC107"
    kind = "ssrf"
    title = "Server-side request to a URL taken from request data"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (918,)
    refs = (
        "https://cwe.mitre.org/data/definitions/918.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
    )
    supersedes = ("B310",)
    effort = 30
    why = """
        The server fetches whatever URL the client names, from inside your network:
        `http://169.254.169.254/` hands out the cloud instance's credentials, and internal
        admin panels, databases' HTTP ports and `file://` URLs become reachable from the
        internet. High: a classic first step of a cloud breach.
        """
    fix = """
        Do not let the client choose the host: build the URL from a constant base
        (`f"https://api.example.com/users/{quote(user_id)}"`), or check the parsed host
        against an allow-list (`urlparse(url).hostname in ALLOWED_HOSTS`) and reject
        everything else, including redirects to other hosts.
        """
    example = Example(
        before="""
            import requests
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/preview")
            def preview():
                return {"body": requests.get(request.args["url"], timeout=5).text}
            """,
        after="""
            import requests
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/preview")
            def preview():
                page = request.args["page"]
                return {"body": requests.get(f"https://docs.example.com/{page}", timeout=5).text}
            """,
    )
    VALID = [
        """
        from urllib.parse import urlparse
        import requests
        from flask import Flask, abort, request

        app = Flask(__name__)
        ALLOWED = {"api.example.com"}

        @app.get("/fetch")
        def fetch():
            url = request.args["url"]
            if urlparse(url).netloc not in ALLOWED:
                abort(400)
            return requests.get(url, timeout=5).text
        """,
    ]
    INVALID = [
        """
        import urllib.request
        from fastapi import FastAPI

        app = FastAPI()

        @app.get("/proxy")
        def proxy(target: str):
            with urllib.request.urlopen("http://" + target) as resp:  # expect
                return {"status": resp.status}
        """,
    ]
