"""Flask: preferences cookie base64-decoded and parsed with json.loads instead of pickle; safe."""
import base64
import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/prefs")
def prefs():
    raw = request.cookies.get("prefs", "")
    try:
        data = json.loads(base64.b64decode(raw)) if raw else {}
    except ValueError:
        data = {}
    return jsonify(data)
