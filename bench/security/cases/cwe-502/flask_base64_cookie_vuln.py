"""Flask: a base64 cookie decoded and unpickled as the shopping cart; vulnerable."""
import base64
import pickle

from flask import Flask, request

app = Flask(__name__)


def load_cart():
    raw = request.cookies.get("cart")
    if not raw:
        return []
    return pickle.loads(base64.b64decode(raw))


@app.route("/cart")
def cart():
    return {"items": load_cart()}
