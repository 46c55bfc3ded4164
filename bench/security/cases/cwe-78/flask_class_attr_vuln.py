"""Flask: a scan target kept on an object attribute and returned by a method into os.system; vulnerable."""
import os

from flask import Flask, request

app = Flask(__name__)


class ScanJob:
    def __init__(self, target):
        self.target = target

    def command(self):
        return "nmap -sV " + self.target + " -oX /tmp/scan.xml"


@app.post("/scans")
def start_scan():
    job = ScanJob(request.form["target"])
    os.system(job.command())
    return {"started": True}
