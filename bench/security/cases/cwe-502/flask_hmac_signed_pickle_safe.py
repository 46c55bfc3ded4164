"""Flask: the pickle is loaded only after its HMAC (server key) is verified with compare_digest, else 403; safe."""
import base64
import hashlib
import hmac
import os
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
KEY = os.environ["STATE_KEY"].encode()


@app.route("/wizard")
def wizard():
    blob = base64.b64decode(request.args.get("state", ""))
    mac, data = blob[:32], blob[32:]
    if not hmac.compare_digest(mac, hmac.new(KEY, data, hashlib.sha256).digest()):
        abort(403)
    return {"step": pickle.loads(data)["step"]}
