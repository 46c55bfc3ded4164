"""Flask: send_file() of os.path.join(base, user value); `../` or an absolute path escapes base; vulnerable."""
import os

from flask import Flask, request, send_file

app = Flask(__name__)
REPORTS = "/srv/app/reports"


@app.route("/download")
def download():
    name = request.args["file"]
    return send_file(os.path.join(REPORTS, name), as_attachment=True)
