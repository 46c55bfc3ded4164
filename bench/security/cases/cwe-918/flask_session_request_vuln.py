"""Flask: requests.Session().request() with a method and URL taken from the form; vulnerable."""
import requests
from flask import Flask, request

app = Flask(__name__)
http = requests.Session()


@app.post("/api-tester")
def api_tester():
    method = request.form.get("method", "GET").upper()
    target = request.form["target"]
    resp = http.request(method, target, timeout=10)
    return {"status": resp.status_code, "body": resp.text[:500]}
