"""Flask: a JSON field concatenated into an `sh -c` string given as an argument list; vulnerable."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/backup")
def backup():
    folder = request.json["folder"]
    script = "tar czf /tmp/backup.tgz " + folder
    subprocess.run(["sh", "-c", script], check=True)
    return {"archive": "/tmp/backup.tgz"}
