"""Flask: a username from the JSON body written into the session before any password check; vulnerable."""
from flask import Flask, request, session

app = Flask(__name__)


@app.post("/login/start")
def start_login():
    data = request.get_json()
    username = data["username"].strip().lower()
    session["username"] = username
    session["mfa_pending"] = True
    return {"next": "/login/mfa"}
