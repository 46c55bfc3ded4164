"""Flask: a host name from JSON becomes the authority of an internal status URL; vulnerable."""
import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/nodes/health")
def node_health():
    host = request.json.get("host", "node-1")
    r = requests.get(f"http://{host}:8080/status", timeout=2)
    return {"host": host, "healthy": r.ok}
