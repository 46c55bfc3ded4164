"""Flask: the query value passes through html.escape before being put into HTML; safe."""
import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = html.escape(request.args.get("name", "world"))
    return f"<html><body><h1>Hello {name}!</h1></body></html>"
