"""Flask: page parameter restricted to known endpoints and turned into a URL with url_for before redirect; safe."""
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/")
def index():
    return "home"


@app.route("/profile")
def profile():
    return "profile"


@app.route("/go")
def go():
    page = request.args.get("page", "index")
    if page not in ("index", "profile"):
        page = "index"
    return redirect(url_for(page))
