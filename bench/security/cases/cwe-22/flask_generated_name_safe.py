"""Flask: the upload is stored under a server-generated uuid4 name; the client name is only echoed; safe."""
import os
import uuid

from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.post("/upload")
def upload():
    f = request.files["document"]
    stored = uuid.uuid4().hex + ".bin"
    f.save(os.path.join(UPLOAD_DIR, stored))
    return {"stored": stored, "original": f.filename}
