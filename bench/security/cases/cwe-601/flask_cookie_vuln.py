"""Flask: a `last_page` cookie (client-controlled) used as the redirect target; vulnerable."""
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/resume")
def resume():
    last = request.cookies.get("last_page")
    target = last if last else url_for("index")
    return redirect(target)


@app.route("/")
def index():
    return "home"
