"""Flask: file names from the JSON body joined with spaces into a tar command line run by os.system; vulnerable."""
import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/export", methods=["POST"])
def export():
    payload = request.get_json(silent=True) or {}
    files = payload.get("files", [])
    argv = ["tar", "czf", "/tmp/export.tgz", "-C", "/srv/data"] + files
    status = os.system(" ".join(argv))
    return jsonify({"status": status})
