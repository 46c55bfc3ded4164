"""Flask: urllib.request.urlopen of a form-supplied feed URL; vulnerable."""
import urllib.request

from flask import Flask, request

app = Flask(__name__)


@app.post("/feeds")
def add_feed():
    feed_url = request.form["feed_url"].strip()
    with urllib.request.urlopen(feed_url, timeout=10) as resp:
        head = resp.read(512)
    return {"ok": head.startswith(b"<?xml")}
