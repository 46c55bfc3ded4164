"""Flask: a helper POSTs to a webhook URL registered from JSON; vulnerable."""
import requests
from flask import Flask, request

app = Flask(__name__)


def deliver(url, payload):
    return requests.post(url, json=payload, timeout=3).status_code


@app.post("/webhooks/test")
def test_webhook():
    body = request.get_json()
    code = deliver(body["url"], {"event": "ping"})
    return {"delivered": code < 400}
