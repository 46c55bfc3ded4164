"""Flask: operator checked against an allow-list, operands converted with float(), then eval(); safe."""
from flask import Flask, abort, request

app = Flask(__name__)
OPERATORS = {"+", "-", "*", "/"}


@app.get("/calc")
def calc():
    op = request.args.get("op", "+")
    if op not in OPERATORS:
        abort(400)
    a = float(request.args.get("a", "0"))
    b = float(request.args.get("b", "0"))
    return {"result": eval(f"{a} {op} {b}")}
