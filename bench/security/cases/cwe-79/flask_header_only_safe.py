"""Flask: the tainted value is written only to a response header; the HTML body is constant; safe."""
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/track")
def track():
    campaign = request.args.get("utm_campaign", "none")
    resp = make_response("<html><body><p>Thanks for visiting.</p></body></html>")
    resp.headers["X-Campaign"] = campaign.replace("\r", "").replace("\n", "")
    return resp
