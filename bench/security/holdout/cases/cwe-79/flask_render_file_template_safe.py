"""Flask: query passed as a variable to an .html file template, which Flask autoescapes; safe."""
from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/results")
def results():
    query = request.args.get("q", "")
    ctx = {"query": query, "hits": []}
    return render_template("results.html", **ctx)
