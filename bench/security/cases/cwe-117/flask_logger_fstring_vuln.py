"""Flask: a username from the form logged with an f-string (a newline forges log lines); vulnerable."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/login")
def login():
    username = request.form.get("username", "")
    app.logger.warning(f"failed login for user {username}")
    return {"error": "invalid credentials"}, 401
