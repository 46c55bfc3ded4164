"""Flask: file name passed through a same-file helper that applies shlex.quote before os.system; safe."""
import os
import shlex

from flask import Flask, jsonify, request

app = Flask(__name__)


def _shell_arg(value):
    return shlex.quote(value)


@app.route("/lines")
def count_lines():
    name = request.args.get("name", "access.log")
    arg = _shell_arg(name)
    status = os.system(f"wc -l /var/log/app/{arg} > /tmp/wc.out")
    return jsonify({"status": status})
