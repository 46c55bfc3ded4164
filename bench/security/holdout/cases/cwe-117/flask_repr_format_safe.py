"""Flask: username logged with %r, which renders CR/LF as escapes inside a quoted repr; safe."""
import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger("auth")


@app.route("/reset", methods=["POST"])
def reset():
    user = request.form.get("username", "")
    logger.info("password reset requested for %r", user)
    return jsonify({"sent": True})
