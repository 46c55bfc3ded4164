"""Flask: urlparse(next) must be https on our own host (else 400) before redirecting; safe."""
from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
OWN_HOST = "app.example.com"


@app.post("/login")
def login():
    target = request.args.get("next", "https://app.example.com/")
    parts = urlparse(target)
    if parts.scheme != "https" or parts.netloc != OWN_HOST:
        abort(400)
    return redirect(target)
