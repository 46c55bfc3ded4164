"""Flask: only an int() of the value, capped, is stored in the session; safe."""
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/page-size")
def page_size():
    size = min(int(request.args.get("size", "20")), 100)
    session["page_size"] = size
    return {"page_size": size}
