"""Flask: a "plugin" endpoint that exec()s posted code in an empty namespace; vulnerable."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/plugins/run")
def run_plugin():
    source = request.form["code"]
    namespace = {}
    exec(source, namespace)
    return {"result": repr(namespace.get("result"))}
