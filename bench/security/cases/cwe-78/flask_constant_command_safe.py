"""Flask: the shell command is a constant; request data only shapes the JSON answer; safe."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.get("/disk")
def disk():
    unit = request.args.get("unit", "h")
    out = subprocess.check_output("df -h /", shell=True, text=True)
    return {"unit": unit, "df": out.splitlines()[-1]}
