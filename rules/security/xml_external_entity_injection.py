from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class XmlExternalEntityInjection(TaintRule):
    """Request data parsed as XML by a parser that resolves external entities."""

    id = "SEC109"
    kind = "xxe"
    title = "Request data parsed as XML with entity resolution"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (611,)
    refs = (
        "https://cwe.mitre.org/data/definitions/611.html",
        "https://lxml.de/FAQ.html#how-do-i-use-lxml-safely-as-a-web-service-endpoint",
        "https://github.com/tiran/defusedxml",
    )
    supersedes = ("B313", "B314", "B315", "B316", "B317", "B318", "B319")
    effort = 15
    why = """
        An uploaded document with `<!ENTITY x SYSTEM "file:///etc/passwd">` makes lxml
        read the file into the parsed tree (which the response often echoes), or fetch
        internal URLs; DTD loading allows the same. Parsers created without
        `resolve_entities=False` resolve entities. High: file disclosure and SSRF.
        """
    fix = """
        Parse untrusted XML with `defusedxml` (`defusedxml.lxml`, `defusedxml.ElementTree`)
        or with `lxml.etree.XMLParser(resolve_entities=False, no_network=True,
        load_dtd=False)` passed explicitly to `fromstring`/`parse`.
        """
    example = Example(
        before="""
            from flask import Flask, request
            from lxml import etree

            app = Flask(__name__)

            @app.post("/upload")
            def upload():
                parser = etree.XMLParser(resolve_entities=True)
                doc = etree.fromstring(request.data, parser)
                return {"root": doc.tag}
            """,
        after="""
            from flask import Flask, request
            from lxml import etree

            app = Flask(__name__)

            @app.post("/upload")
            def upload():
                parser = etree.XMLParser(resolve_entities=False, no_network=True)
                doc = etree.fromstring(request.data, parser)
                return {"root": doc.tag}
            """,
    )
    VALID = [
        """
        import defusedxml.ElementTree as ET
        from flask import Flask, request

        app = Flask(__name__)

        @app.post("/a")
        def a():
            return {"root": ET.fromstring(request.data).tag}
        """,
    ]
    INVALID = [
        """
        from lxml import etree

        def upload(request):
            tree = etree.parse(request.FILES["doc"], etree.XMLParser(load_dtd=True))  # expect
            return tree
        """,
    ]
