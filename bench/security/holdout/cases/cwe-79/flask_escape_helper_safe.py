"""Flask: name passed through a same-file helper that applies html.escape before the HTML f-string; safe."""
import html

from flask import Flask, request

app = Flask(__name__)


def _text(value):
    return html.escape(value, quote=True)


@app.route("/hello")
def hello():
    name = _text(request.args.get("name", "guest"))
    page = f"<html><body><h1>Hello {name}</h1></body></html>"
    return page
