"""Flask: message passed to a file template rendered with render_template, never used as template source; safe."""
from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/notice")
def notice():
    message = request.args.get("msg", "")
    return render_template("notice.html", message=message, length=len(message))
