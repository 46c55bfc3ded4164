"""FastAPI: urljoin(base, user path) — an absolute or //host path replaces the base host; vulnerable."""
from urllib.parse import urljoin

import requests
from fastapi import FastAPI

app = FastAPI()
API = "https://api.internal.example/"


@app.get("/api-proxy/{path:path}")
def api_proxy(path: str):
    r = requests.get(urljoin(API, path), timeout=5)
    return r.json()
