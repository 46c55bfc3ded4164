"""Flask: an upload saved under its client-supplied filename; vulnerable."""
import os

from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.post("/upload")
def upload():
    f = request.files["document"]
    target = os.path.join(UPLOAD_DIR, f.filename)
    f.save(target)
    return {"stored": target}
