"""Flask: urlparse(url).hostname must be in an allow-list (else 400) before fetching; safe."""
from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}


@app.route("/preview")
def preview():
    url = request.args["url"]
    parts = urlparse(url)
    if parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS:
        abort(400)
    resp = requests.get(url, timeout=5, allow_redirects=False)
    return {"status": resp.status_code}
