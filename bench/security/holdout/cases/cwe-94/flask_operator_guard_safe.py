"""Flask: operator must be in a fixed set and operands go through int() before the expression is evaluated; safe."""
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
OPERATORS = ("+", "-", "*")


@app.route("/arith")
def arith():
    op = request.args.get("op", "+")
    if op not in OPERATORS:
        abort(400)
    a = int(request.args.get("a", "0"))
    b = int(request.args.get("b", "0"))
    expr = "%d %s %d" % (a, op, b)
    return jsonify({"value": eval(expr)})
