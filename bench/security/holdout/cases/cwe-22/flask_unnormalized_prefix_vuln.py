"""Flask: startswith check on the joined but unnormalized path, bypassed with ../ segments, before open(); vulnerable."""
import os

from flask import Flask, abort, request

app = Flask(__name__)
BASE = "/srv/app/docs"


@app.route("/docs/raw")
def raw_doc():
    path = os.path.join(BASE, request.args.get("p", "index.md"))
    if not path.startswith(BASE):
        abort(403)
    with open(path, encoding="utf-8") as fh:
        return fh.read(), 200, {"Content-Type": "text/plain"}
