"""Flask: the value is passed through shlex.quote before it reaches os.system; safe."""
import os
import shlex

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = shlex.quote(request.args.get("host", "localhost"))
    status = os.system("ping -c 1 " + host)
    return {"reachable": status == 0}
