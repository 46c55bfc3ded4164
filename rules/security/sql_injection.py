from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class SqlInjection(TaintRule):
    """Request data pasted into the text of an SQL statement."""

    id = "SEC101"
    kind = "sql"
    title = "SQL query built from request data"
    category = Category.SECURITY
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    cwe = (89,)
    refs = (
        "https://cwe.mitre.org/data/definitions/89.html",
        "https://owasp.org/www-community/attacks/SQL_Injection",
        "https://docs.djangoproject.com/en/stable/topics/db/sql/#passing-parameters-into-raw",
    )
    supersedes = ("B608", "B610", "B611", "SEC001")
    effort = 20
    why = """
        Text the client sent becomes part of the SQL statement: a quote in it ends the
        string literal and the rest is SQL of the attacker's choosing (`' OR 1=1 --`,
        `'; DROP TABLE ...`, `UNION SELECT password ...`). That is a full read, and often
        write, of the database from one request, with no login needed when the handler is
        public. Critical: the trace below shows the path from the request to the query.
        """
    fix = """
        Pass values as query parameters and keep the SQL text constant:
        `cursor.execute("SELECT ... WHERE name = %s", (name,))` (`?` for sqlite3),
        `Model.objects.raw("... WHERE id = %s", [pk])`, `text("... :name")` with
        `{"name": name}`. Identifiers (column names for ORDER BY) cannot be parameters:
        check them against an allow-list and abort otherwise.
        """
    example = Example(
        before="""
            import sqlite3
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/users")
            def users():
                name = request.args.get("name", "")
                db = sqlite3.connect("app.db")
                return {"rows": db.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall()}
            """,
        after="""
            import sqlite3
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/users")
            def users():
                name = request.args.get("name", "")
                db = sqlite3.connect("app.db")
                return {"rows": db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()}
            """,
    )
    VALID = [
        """
        from flask import Flask, request, abort
        from app.db import cursor

        app = Flask(__name__)
        SORTABLE = {"name", "created"}

        @app.get("/items")
        def items():
            column = request.args.get("sort", "name")
            if column not in SORTABLE:
                abort(400)
            cursor.execute("SELECT * FROM items ORDER BY " + column)
            page = request.args.get("page", type=int)
            cursor.execute(f"SELECT * FROM items LIMIT 10 OFFSET {page}")
            cursor.execute("SELECT * FROM items WHERE owner = %s", (request.args["owner"],))
        """,
        """
        # file: app/__init__.py
        # file: app/db.py
        def run(cursor, sql, params=()):
            cursor.execute(sql, params)
        # file: app/views.py
        from flask import Flask, request
        from app.db import run

        app = Flask(__name__)

        @app.post("/tags")
        def tags(cursor):
            run(cursor, "INSERT INTO tags(name) VALUES (%s)", (request.form["name"],))
        """,
    ]
    INVALID = [
        """
        from django.db import connection

        def search(request):
            term = request.GET.get("q", "")
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM book WHERE title LIKE '%%%s%%'" % term)  # expect
        """,
        """
        # file: app/__init__.py
        # file: app/db.py
        def run(cursor, sql):
            cursor.execute(sql)  # expect
        # file: app/views.py
        from flask import Flask, request
        from app.db import run

        app = Flask(__name__)

        @app.post("/tags")
        def tags(cursor):
            run(cursor, "DELETE FROM tags WHERE name = '%s'" % request.form["name"])
        """,
    ]
