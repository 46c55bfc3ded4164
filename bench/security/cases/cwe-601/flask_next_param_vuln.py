"""Flask: login redirects to the `next` query parameter unchecked; vulnerable."""
from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/login")
def login():
    session["uid"] = 42
    return redirect(request.args.get("next", "/"))
