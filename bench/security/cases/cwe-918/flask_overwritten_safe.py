"""Flask: the URL from the form is overwritten with a constant before the request; safe."""
import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/ping-upstream")
def ping_upstream():
    url = request.form.get("url", "")
    app.logger.info("ping requested for %d chars", len(url))
    url = "https://upstream.example.com/health"
    return {"ok": requests.get(url, timeout=3).ok}
