from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class ServerSideTemplateInjection(TaintRule):
    """Request data compiled as a template."""

    id = "SEC113"
    kind = "template"
    title = "Template source taken from request data"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (1336,)
    refs = (
        "https://cwe.mitre.org/data/definitions/1336.html",
        "https://portswigger.net/research/server-side-template-injection",
    )
    effort = 20
    why = """
        A template language is code: `{{ cycler.__init__.__globals__.os.popen('id').read() }}`
        in a Jinja2 template the client wrote runs commands on the server, and even a
        sandbox leaks configuration and secrets. Rendering a string built from request
        data as the template (not as a variable in it) hands that power to the client.
        High: usually remote code execution.
        """
    fix = """
        Keep the template constant and pass the data as variables:
        `render_template_string("<p>Hello {{ name }}</p>", name=name)`, or
        `render_template("hello.html", name=name)`. If users must write templates, use
        `jinja2.sandbox.SandboxedEnvironment` and no secrets in its context.
        """
    example = Example(
        before="""
            from flask import Flask, render_template_string, request

            app = Flask(__name__)

            @app.get("/hello")
            def hello():
                return render_template_string("<p>Hello " + request.args["name"] + "</p>")
            """,
        after="""
            from flask import Flask, render_template_string, request

            app = Flask(__name__)

            @app.get("/hello")
            def hello():
                return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])
            """,
    )
    VALID = [
        """
        from jinja2 import Environment

        ENV = Environment(autoescape=True)

        def page(request):
            return ENV.from_string("<p>{{ q }}</p>").render(q=request.GET["q"])
        """,
    ]
    INVALID = [
        """
        from jinja2 import Environment, Template

        ENV = Environment(autoescape=True)

        def page(request):
            body = request.POST["body"]
            Template(body).render()  # expect
            return ENV.from_string("<p>" + body + "</p>").render()  # expect
        """,
    ]
