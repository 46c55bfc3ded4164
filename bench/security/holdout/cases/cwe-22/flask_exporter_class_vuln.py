"""Flask: exporter object joins the requested file name onto its base directory and sends it without any check; vulnerable."""
import os

from flask import Flask, request, send_file

app = Flask(__name__)


class Exporter:
    base = "/srv/exports"

    def __init__(self, name):
        self.name = name

    def path(self):
        return os.path.join(self.base, self.name)


@app.route("/exports/download")
def download():
    exporter = Exporter(request.args.get("file", "latest.csv"))
    return send_file(exporter.path(), as_attachment=True)
