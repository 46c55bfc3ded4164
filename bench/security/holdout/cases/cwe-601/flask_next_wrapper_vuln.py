"""Flask: same-file wrapper returns the next parameter, which the login handler redirects to unchecked; vulnerable."""
from flask import Flask, redirect, request, session

app = Flask(__name__)


def next_url():
    return request.args.get("next") or "/"


@app.route("/login", methods=["POST"])
def login():
    session["uid"] = 1
    target = next_url()
    return redirect(target)
