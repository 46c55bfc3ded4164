"""Flask: pickled token unpickled only after an HMAC with a server secret verifies, with an early return on mismatch; safe."""
import base64
import hashlib
import hmac
import os
import pickle

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
SECRET = os.environ["STATE_SIGNING_KEY"].encode()


@app.route("/wizard/step", methods=["POST"])
def wizard_step():
    blob = base64.b64decode(request.form.get("state", ""))
    mac, body = blob[:32], blob[32:]
    expected = hmac.new(SECRET, body, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected):
        abort(400)
    state = pickle.loads(body)
    return jsonify({"step": state.get("step", 0)})
