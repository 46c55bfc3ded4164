"""Flask: subprocess.run with an argument list and no shell; the host is one argv entry; safe."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    result = subprocess.run(["ping", "-c", "1", "--", host], capture_output=True, timeout=5)
    return {"reachable": result.returncode == 0}
