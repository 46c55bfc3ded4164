"""Flask: a query parameter interpolated into an HTML string returned as the body; vulnerable."""
from flask import Flask, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"<html><body><h1>Hello {name}!</h1></body></html>"
