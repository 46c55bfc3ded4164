"""Flask: the value is parsed with ast.literal_eval, which only accepts literals; safe."""
import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    raw = request.args.get("values", "[]")
    values = ast.literal_eval(raw)
    return {"sum": sum(values)}
