"""Flask: the user value is a percent-quoted path segment on a fixed host; it cannot change the host; safe."""
from urllib.parse import quote

import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/profile")
def profile():
    login = quote(request.args.get("login", ""), safe="")
    r = requests.get("https://api.github.com/users/" + login, timeout=5)
    return {"name": r.json().get("name")}
