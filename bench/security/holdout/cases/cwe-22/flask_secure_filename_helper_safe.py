"""Flask: uploaded file name cleaned by a same-file helper using secure_filename before FileStorage.save; safe."""
import os

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


def _clean(name):
    cleaned = secure_filename(name)
    return cleaned or "upload.bin"


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    dest = os.path.join(UPLOADS, _clean(f.filename))
    f.save(dest)
    return jsonify({"stored": os.path.basename(dest)})
