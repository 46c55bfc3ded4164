"""Flask: the service name must be in an allow-list (else 404) before the shell command; safe."""
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)
SERVICES = ("nginx", "redis", "postgresql")


@app.get("/status")
def status():
    service = request.args.get("service", "")
    if service not in SERVICES:
        abort(404)
    out = subprocess.run(f"systemctl is-active {service}", shell=True, capture_output=True, text=True)
    return {"service": service, "state": out.stdout.strip()}
