"""Flask: a filter expression compiled by a helper and evaluated per row; vulnerable."""
from flask import Flask, request

app = Flask(__name__)
ROWS = [{"age": 31, "city": "Oslo"}, {"age": 17, "city": "Rome"}]


def make_predicate(expression):
    code = compile(expression, "<filter>", "eval")
    return lambda row: eval(code, {}, dict(row))


@app.get("/rows")
def rows():
    predicate = make_predicate(request.args["where"])
    return {"rows": [r for r in ROWS if predicate(r)]}
