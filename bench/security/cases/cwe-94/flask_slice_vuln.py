"""Flask: a slice of the query value (first 200 characters) is still code, and is eval()ed; vulnerable."""
from flask import Flask, request

app = Flask(__name__)


@app.route("/quick-eval")
def quick_eval():
    expr = request.args.get("q", "0")[:200]
    return {"value": repr(eval(expr))}
