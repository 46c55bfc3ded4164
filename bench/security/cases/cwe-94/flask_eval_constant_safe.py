"""Flask: eval() of a constant expression; the request value is only echoed as data; safe."""
from flask import Flask, request

app = Flask(__name__)


@app.route("/limits")
def limits():
    who = request.args.get("who", "anon")
    max_bytes = eval("16 * 1024 * 1024")
    return {"who": who, "max_upload": max_bytes}
