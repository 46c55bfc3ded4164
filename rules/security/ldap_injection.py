from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class LdapInjection(TaintRule):
    """Request data pasted into an LDAP search filter."""

    id = "SEC110"
    kind = "ldap"
    title = "LDAP filter built from request data"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (90,)
    refs = (
        "https://cwe.mitre.org/data/definitions/90.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html",
    )
    effort = 15
    why = """
        `*)(uid=*))(|(uid=*` in a user name rewrites the filter: a lookup returns every
        entry of the directory, and a bind-then-search login can be satisfied by someone
        else's entry. Directory data (e-mails, groups, phone numbers) leaks. Medium: the
        damage depends on what the search decides.
        """
    fix = """
        Escape every value put into a filter: `ldap.filter.escape_filter_chars(value)`
        (python-ldap), `ldap3.utils.conv.escape_filter_chars(value)` (ldap3), or build it
        with `ldap.filter.filter_format("(uid=%s)", [value])`.
        """
    example = Example(
        before="""
            import ldap
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/who")
            def who():
                conn = ldap.initialize("ldap://dir")
                uid = request.args["uid"]
                return str(conn.search_s("dc=ex", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")"))
            """,
        after="""
            import ldap
            from ldap.filter import escape_filter_chars
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/who")
            def who():
                conn = ldap.initialize("ldap://dir")
                uid = escape_filter_chars(request.args["uid"])
                return {"n": len(conn.search_s("dc=ex", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")"))}
            """,
    )
    VALID = [
        """
        import re
        from flask import Flask, request

        app = Flask(__name__)

        @app.get("/who")
        def who(conn):
            uid = request.args["uid"]
            if not re.fullmatch(r"[a-z0-9]+", uid):
                return "bad", 400
            conn.search("dc=ex", f"(uid={uid})")
            return "ok"
        """,
    ]
    INVALID = [
        """
        from ldap3 import Connection

        def find(request):
            conn = Connection("ldap://dir", auto_bind=True)
            mail = request.POST["mail"]
            conn.search("dc=ex", f"(mail={mail})", attributes=["cn"])  # expect
            return conn.entries
        """,
    ]
