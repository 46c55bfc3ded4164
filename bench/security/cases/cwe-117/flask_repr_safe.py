"""Flask: the username is logged with %r, so CR/LF are shown escaped and cannot forge lines; safe."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/login")
def login():
    username = request.form.get("username", "")
    app.logger.warning("failed login for user %r", username)
    return {"error": "invalid credentials"}, 401
