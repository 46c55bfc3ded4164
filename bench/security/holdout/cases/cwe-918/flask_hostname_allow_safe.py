"""Flask: feed URL's hostname must be in a trusted set (abort otherwise) and the URL is rebuilt from the checked parts before fetching; safe."""
from urllib.parse import urlsplit, urlunsplit

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
TRUSTED_FEEDS = {"feeds.example.com", "news.example.org"}


@app.route("/feeds/fetch")
def fetch_feed():
    url = request.args.get("url", "")
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in TRUSTED_FEEDS:
        abort(400)
    clean = urlunsplit(("https", parts.hostname, parts.path or "/", parts.query, ""))
    resp = requests.get(clean, timeout=5, allow_redirects=False)
    return jsonify({"status": resp.status_code})
