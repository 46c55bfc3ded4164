"""Flask: network tool object builds a ping command from the host attribute and runs it with shell=True; vulnerable."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


class NetTool:
    def __init__(self, host):
        self.host = host
        self.count = 2

    def command(self):
        return "ping -c %d %s" % (self.count, self.host)


@app.route("/diag/ping", methods=["POST"])
def ping():
    tool = NetTool(request.form.get("host", "127.0.0.1"))
    out = subprocess.check_output(tool.command(), shell=True, timeout=10)
    return out.decode(), 200, {"Content-Type": "text/plain"}
