"""Flask: cart cookie base64-decoded and unpickled; vulnerable."""
import base64
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    raw = request.cookies.get("cart")
    if not raw:
        return jsonify({"items": []})
    items = pickle.loads(base64.urlsafe_b64decode(raw))
    return jsonify({"items": list(items)})
