"""Flask: requested report reduced to os.path.basename before it is joined onto the report directory and sent; safe."""
import os

from flask import Flask, request, send_file

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.route("/reports/get")
def get_report():
    requested = request.args.get("name", "summary.pdf")
    name = os.path.basename(requested)
    return send_file(os.path.join(REPORTS, name))
