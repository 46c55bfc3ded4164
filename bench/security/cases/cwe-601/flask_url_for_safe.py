"""Flask: the user value only fills a route parameter of url_for(); the target stays on this site; safe."""
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.post("/follow")
def follow():
    username = request.form["username"]
    return redirect(url_for("profile", username=username))


@app.route("/u/<username>")
def profile(username):
    return f"profile of {len(username)}"
