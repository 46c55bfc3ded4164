from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class XpathInjection(TaintRule):
    """Request data pasted into an XPath expression."""

    id = "SEC111"
    kind = "xpath"
    title = "XPath query built from request data"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (643,)
    refs = (
        "https://cwe.mitre.org/data/definitions/643.html",
        "https://lxml.de/xpathxslt.html#the-xpath-method",
    )
    effort = 15
    why = """
        A quote in the value closes the XPath string literal: `' or '1'='1` selects every
        node, so a lookup in an XML user store logs anyone in or dumps all records.
        Medium: the XML document's data is exposed, not the server.
        """
    fix = """
        Pass values as XPath variables, which are never parsed:
        `tree.xpath("//user[name=$name]", name=value)`; or reject values containing
        quotes before building the expression.
        """
    example = Example(
        before="""
            from flask import Flask, request
            from lxml import etree

            app = Flask(__name__)
            TREE = etree.parse("users.xml")

            @app.get("/user")
            def user():
                name = request.args["name"]
                return {"n": len(TREE.xpath("//user[@name='" + name + "']"))}
            """,
        after="""
            from flask import Flask, request
            from lxml import etree

            app = Flask(__name__)
            TREE = etree.parse("users.xml")

            @app.get("/user")
            def user():
                name = request.args["name"]
                return {"n": len(TREE.xpath("//user[@name=$name]", name=name))}
            """,
    )
    VALID = [
        """
        from flask import Flask, abort, request
        from lxml import etree

        app = Flask(__name__)
        TREE = etree.parse("users.xml")

        @app.get("/user")
        def user():
            name = request.args["name"]
            if "'" in name or '"' in name:
                abort(400)
            return {"n": len(TREE.xpath(f"//user[@name='{name}']"))}
        """,
    ]
    INVALID = [
        """
        from fastapi import FastAPI
        from lxml import etree

        app = FastAPI()
        TREE = etree.parse("books.xml")

        @app.get("/books")
        def books(author: str):
            query = "//book[author='%s']/title" % author
            return {"titles": [t.text for t in TREE.xpath(query)]}  # expect
        """,
    ]
