"""Flask: folder and name unpacked from two query values and joined under a base to open; vulnerable."""
import os

from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/exports"


@app.get("/exports")
def export_file():
    folder, name = request.args.get("folder", "daily"), request.args.get("name", "latest.csv")
    with open(os.path.join(BASE, folder, name), encoding="utf-8") as fh:
        return fh.read(), 200, {"Content-Type": "text/csv"}
