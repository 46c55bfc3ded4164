"""Flask: audit helper object logs the User-Agent header kept on an attribute in an f-string; vulnerable."""
import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("audit")


class AuditTrail:
    def __init__(self, req):
        self.agent = req.headers.get("User-Agent", "-")
        self.path = req.path

    def record(self):
        log.info(f"visit path={self.path} agent={self.agent}")


@app.route("/dashboard")
def dashboard():
    AuditTrail(request).record()
    return "ok"
