"""Flask: a helper returns request.values['next']; the view redirects to it; vulnerable."""
from flask import Flask, redirect, request

app = Flask(__name__)


def next_url(default="/"):
    return request.values.get("next") or default


@app.route("/logout")
def logout():
    return redirect(next_url())
