"""Flask: redirect allowed when the trusted domain appears anywhere in the URL, bypassable with evil.com/?example.com; vulnerable."""
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/out")
def outbound():
    url = request.args.get("url", "https://example.com/")
    if "example.com" in url:
        return redirect(url)
    return redirect("/")
