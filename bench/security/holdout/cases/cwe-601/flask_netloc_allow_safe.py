"""Flask: target's urlparse netloc must be in a set of trusted hosts, else redirect home, before redirect(target); safe."""
from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)
ALLOWED_HOSTS = {"app.example.com", "docs.example.com"}


@app.route("/continue")
def continue_to():
    target = request.args.get("to", "https://app.example.com/")
    if urlparse(target).netloc not in ALLOWED_HOSTS:
        return redirect("/")
    return redirect(target)
