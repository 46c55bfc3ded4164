from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class CodeInjection(TaintRule):
    """Request data evaluated as Python code."""

    id = "SEC103"
    kind = "code"
    title = "Request data evaluated as Python code"
    category = Category.SECURITY
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    cwe = (94, 95)
    refs = (
        "https://cwe.mitre.org/data/definitions/95.html",
        "https://docs.python.org/3/library/ast.html#ast.literal_eval",
    )
    supersedes = ("B307", "B102")
    effort = 30
    why = """
        `eval`, `exec` and `compile` run any Python the client sends:
        `__import__('os').system(...)` reads secrets, opens a shell, deletes data. No
        sandbox around `eval` holds (removing builtins is bypassed through object
        introspection). Critical: remote code execution from one request.
        """
    fix = """
        Parse data, never evaluate it: `json.loads` for structures,
        `ast.literal_eval` for Python literals, `int()`/`float()` for numbers, a dict of
        allowed operations for a "calculator" (`OPS[name](a, b)`).
        """
    example = Example(
        before="""
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/calc")
            def calc():
                return {"result": eval(request.args["expr"])}
            """,
        after="""
            import ast
            from flask import Flask, request

            app = Flask(__name__)

            @app.get("/calc")
            def calc():
                return {"result": ast.literal_eval(request.args["expr"])}
            """,
    )
    VALID = [
        """
        from flask import Flask, request

        app = Flask(__name__)

        @app.get("/calc")
        def calc():
            x = int(request.args["x"])
            if 2 + 2 == 5:
                eval(request.args["expr"])
            return {"result": eval("x * 2", {"x": x})}
        """,
    ]
    INVALID = [
        """
        from fastapi import FastAPI

        app = FastAPI()

        @app.get("/run")
        def run(code: str, times: int = 1):
            exec(compile(code, "<user>", "exec"))  # expect
            return {"times": eval(str(times))}
        """,
    ]
