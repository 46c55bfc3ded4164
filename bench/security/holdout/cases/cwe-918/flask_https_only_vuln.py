"""Flask: only the https scheme of the image URL is checked before fetching it, so internal hosts stay reachable; vulnerable."""
import requests
from flask import Flask, Response, abort, request

app = Flask(__name__)


@app.route("/proxy/image")
def proxy_image():
    url = request.args.get("src", "")
    if not url.startswith("https://"):
        abort(400)
    upstream = requests.get(url, timeout=5)
    return Response(upstream.content, mimetype=upstream.headers.get("Content-Type", "image/png"))
