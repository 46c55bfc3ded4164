from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class PathTraversal(TaintRule):
    """Request data used as a file system path."""

    id = "SEC104"
    kind = "path"
    title = "File path built from request data"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (22,)
    refs = (
        "https://cwe.mitre.org/data/definitions/22.html",
        "https://owasp.org/www-community/attacks/Path_Traversal",
    )
    effort = 20
    why = """
        `../../etc/passwd`, an absolute path, or `..%2f` decoded along the way lets the
        client read (or, for writes and deletes, destroy) any file the service can reach:
        settings with secrets, keys, other users' uploads. `os.path.join(base, name)`
        does not help: an absolute `name` replaces `base`. High: data theft or loss.
        """
    fix = """
        Reduce the name to a file name (`werkzeug.utils.secure_filename`,
        `os.path.basename`), or resolve the full path and check it stays under the base
        before use: `p = (BASE / name).resolve(); if not p.is_relative_to(BASE): abort(404)`.
        Flask's `send_from_directory(BASE, name)` does the check for you.
        """
    example = Example(
        before="""
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/doc")
            def doc():
                with open("/srv/docs/" + request.args["name"]) as fh:
                    return fh.read()
            """,
        after="""
            from flask import Flask, request, send_from_directory

            app = Flask(__name__)

            @app.get("/doc")
            def doc():
                return send_from_directory("/srv/docs", request.args["name"])
            """,
    )
    VALID = [
        """
        import os
        from pathlib import Path
        from flask import Flask, abort, request
        from werkzeug.utils import secure_filename

        app = Flask(__name__)
        BASE = Path("/srv/files")

        @app.get("/a")
        def a():
            name = secure_filename(request.args["name"])
            return open(os.path.join("/srv/files", name)).read()

        @app.get("/b")
        def b():
            path = (BASE / request.args["name"]).resolve()
            if not path.is_relative_to(BASE):
                abort(404)
            return path.read_text()
        """,
    ]
    INVALID = [
        """
        import os
        from pathlib import Path
        from flask import Flask, abort, request

        app = Flask(__name__)
        BASE = Path("/srv/files")

        @app.get("/a")
        def a():
            name = request.args["name"]
            return open(os.path.join("/srv/files", name)).read()  # expect

        @app.post("/b")
        def b():
            path = BASE / request.form["name"]
            if not str(path).startswith(str(BASE)):
                abort(404)
            path.unlink()  # expect
            return "ok"
        """,
    ]
