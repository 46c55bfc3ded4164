"""Flask: an upload saved under os.path.basename of its name, in a fixed folder; safe."""
import os

from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.post("/upload")
def upload():
    f = request.files["document"]
    name = os.path.basename(f.filename or "upload.bin")
    if name in ("", ".", ".."):
        return {"error": "bad name"}, 400
    f.save(os.path.join(UPLOAD_DIR, name))
    return {"stored": name}
