"""Flask: pricing rule from JSON compiled into a function body with compile() and exec; vulnerable."""
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/rules/test", methods=["POST"])
def test_rule():
    data = request.get_json(force=True)
    rule = data.get("rule", "True")
    source = "def check(order):\n    return " + rule + "\n"
    namespace = {}
    exec(compile(source, "<rule>", "exec"), namespace)
    return jsonify({"matches": bool(namespace["check"]({"total": 10}))})
