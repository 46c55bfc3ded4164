"""Flask: ping run as an argument list without a shell, constant program and the host after --; safe."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/diag/ping2", methods=["POST"])
def ping():
    host = request.form.get("host", "127.0.0.1")
    proc = subprocess.run(["ping", "-c", "2", "--", host], shell=False, capture_output=True, text=True, timeout=10)
    return proc.stdout, 200, {"Content-Type": "text/plain"}
