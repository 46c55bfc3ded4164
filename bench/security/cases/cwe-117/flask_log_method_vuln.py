"""Flask: X-Forwarded-For logged with logger.log(WARNING, ...) after %-formatting; vulnerable."""
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("security")


@app.post("/login")
def login():
    client = request.headers.get("X-Forwarded-For", "unknown")
    logger.log(logging.WARNING, "login attempt from %s" % client)
    return {"ok": False}, 401
