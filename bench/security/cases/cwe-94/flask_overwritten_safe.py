"""Flask: the expression read from the form is replaced by a constant before exec(); safe."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/init")
def init():
    snippet = request.form.get("snippet", "")
    app.logger.info("init called, snippet length %d", len(snippet))
    snippet = "state = {'ready': True}"
    scope = {}
    exec(snippet, scope)
    return scope["state"]
