"""Flask: a form value %-formatted into a command run by a helper with shell=True; vulnerable."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


def run_shell(command):
    return subprocess.check_output(command, shell=True, text=True, timeout=30)


@app.route("/dig", methods=["POST"])
def dig():
    record = request.form["record"]
    out = run_shell("dig +short %s A" % record)
    return {"answers": out.split()}
