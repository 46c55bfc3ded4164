"""Flask: submitted list literal parsed with ast.literal_eval, which only accepts Python literals; safe."""
import ast

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/sum", methods=["POST"])
def total():
    raw = request.form.get("values", "[]")
    try:
        values = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return jsonify({"error": "bad literal"}), 400
    return jsonify({"sum": sum(float(v) for v in values)})
