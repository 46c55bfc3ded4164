"""Flask: redirect only to paths from a fixed set; anything else falls back to '/'; safe."""
from flask import Flask, redirect, request

app = Flask(__name__)
LANDING = {"/dashboard", "/billing", "/settings"}


@app.route("/start")
def start():
    page = request.args.get("page", "/dashboard")
    if page not in LANDING:
        return redirect("/")
    return redirect(page)
