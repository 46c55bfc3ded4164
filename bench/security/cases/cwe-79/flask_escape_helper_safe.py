"""Flask: a helper escapes every cell with markupsafe.escape before the rows are joined into HTML; safe."""
from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


def cell(value):
    return f"<td>{escape(value)}</td>"


@app.get("/table")
def table():
    items = request.args.getlist("item")
    rows = "".join("<tr>" + cell(i) + "</tr>" for i in items)
    return f"<table>{rows}</table>"
