"""Flask: a calculator endpoint that eval()s the query-string expression; vulnerable."""
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    return {"result": eval(expr)}
