"""Flask: an uploaded file's client-supplied name put into a shell=True Popen command; vulnerable."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/thumbnail")
def thumbnail():
    upload = request.files["image"]
    path = "/srv/uploads/" + upload.filename
    upload.save(path)
    proc = subprocess.Popen(f"convert {path} -resize 128x128 {path}.thumb.png", shell=True)
    proc.wait()
    return {"ok": proc.returncode == 0}
