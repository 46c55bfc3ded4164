"""Flask: webhook object keeps the callback URL from JSON and POSTs to it with requests; vulnerable."""
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


class Webhook:
    def __init__(self, url):
        self.url = url

    def fire(self, event):
        return requests.post(self.url, json={"event": event}, timeout=5).status_code


@app.route("/webhooks/test", methods=["POST"])
def test_webhook():
    hook = Webhook(request.get_json(force=True)["callback"])
    return jsonify({"status": hook.fire("ping")})
