"""Flask: the repository id is converted with int() before it is placed in a fixed-host URL; safe."""
import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/repo")
def repo():
    repo_id = int(request.args.get("id", "0"))
    r = requests.get(f"https://api.github.com/repositories/{repo_id}", timeout=5)
    return {"name": r.json().get("full_name")}
