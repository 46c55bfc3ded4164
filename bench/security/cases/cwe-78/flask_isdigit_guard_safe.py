"""Flask: the port must be all digits (else 400) before it is put in the shell command; safe."""
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)


@app.get("/port-owner")
def port_owner():
    port = request.args.get("port", "")
    if not port.isdigit():
        abort(400)
    out = subprocess.run(f"fuser {port}/tcp", shell=True, capture_output=True, text=True)
    return {"pids": out.stdout.split()}
