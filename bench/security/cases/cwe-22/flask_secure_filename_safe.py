"""Flask: the name goes through werkzeug's secure_filename before send_file; safe."""
import os

from flask import Flask, request, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)
REPORTS = "/srv/app/reports"


@app.route("/download")
def download():
    name = secure_filename(request.args["file"])
    return send_file(os.path.join(REPORTS, name), as_attachment=True)
