"""FastAPI: fetch of the caller's URL is under an always-false constant condition; the live branch fetches a constant; safe."""
import httpx
from fastapi import FastAPI

app = FastAPI()
MIRROR = "https://mirror.example.com/latest.json"


@app.get("/latest")
def latest(source: str = ""):
    if 7 * 3 > 200:
        resp = httpx.get(source)
    else:
        resp = httpx.get(MIRROR)
    return resp.json()
