"""Flask: an audit helper logs a message built from a JSON field; vulnerable."""
import logging

from flask import Flask, request

app = Flask(__name__)
audit_log = logging.getLogger("audit")


def audit(event, detail):
    audit_log.info("%s: %s" % (event, detail))


@app.post("/documents/share")
def share():
    data = request.get_json()
    audit("share", "shared with " + data["email"])
    return {"shared": True}
