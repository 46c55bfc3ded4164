from __future__ import annotations

from auditor.analysis.taint.rule import TaintRule
from auditor.model import Category, Confidence, Example, Severity


class UnsafeDeserialization(TaintRule):
    """Request data deserialized by a format that can build arbitrary objects."""

    id = "SEC108"
    kind = "deserialization"
    title = "Request data deserialized with pickle, marshal or an unsafe YAML loader"
    category = Category.SECURITY
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    cwe = (502,)
    refs = (
        "https://cwe.mitre.org/data/definitions/502.html",
        "https://docs.python.org/3/library/pickle.html#module-pickle",
        "https://pyyaml.org/wiki/PyYAMLDocumentation",
    )
    supersedes = ("B301", "B302", "B506", "B614")
    effort = 30
    why = """
        Unpickling runs code chosen by whoever wrote the bytes (`__reduce__` returns
        `os.system, ("...",)`); `yaml.load` with the default or full loader builds
        arbitrary Python objects, `jsonpickle`, `marshal`, `shelve` likewise. Bytes from a
        request, a cookie or an upload reaching them is remote code execution. Critical.
        """
    fix = """
        Use a data-only format: `json.loads`, `yaml.safe_load` (or
        `yaml.load(data, Loader=yaml.SafeLoader)`). If you must restore objects from the
        client, sign them (`itsdangerous`, HMAC) and verify before loading.
        """
    example = Example(
        before="""
            import pickle
            from flask import Flask, request

            app = Flask(__name__)

            @app.post("/import")
            def import_state():
                state = pickle.loads(request.get_data())
                return {"keys": len(state)}
            """,
        after="""
            import json
            from flask import Flask, request

            app = Flask(__name__)

            @app.post("/import")
            def import_state():
                state = json.loads(request.get_data())
                return {"keys": len(state)}
            """,
    )
    VALID = [
        """
        import yaml
        from flask import Flask, request

        app = Flask(__name__)

        @app.post("/conf")
        def conf():
            a = yaml.safe_load(request.data)
            b = yaml.load(request.data, Loader=yaml.SafeLoader)
            return {"a": a, "b": b}
        """,
    ]
    INVALID = [
        """
        import base64
        import pickle
        import yaml

        def restore(request):
            blob = base64.b64decode(request.COOKIES["state"])
            state = pickle.loads(blob)  # expect
            conf = yaml.load(request.body, Loader=yaml.Loader)  # expect
            return state, conf
        """,
    ]
