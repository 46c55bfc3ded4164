"""Flask: failed-login warning %-formats the raw username into the log message; vulnerable."""
import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger("auth")


@app.route("/login", methods=["POST"])
def login():
    user = request.form.get("username", "")
    if request.form.get("password") != "x":
        logger.warning("failed login for user %s" % user)
        return jsonify({"ok": False}), 401
    return jsonify({"ok": True})
