"""FastAPI: an httpx.Client with a fixed base_url; the item is a quoted relative path below it; safe."""
from urllib.parse import quote

import httpx
from fastapi import FastAPI

app = FastAPI()
inventory = httpx.Client(base_url="https://inventory.internal.example/api/", timeout=5)


@app.get("/stock")
def stock(item: str):
    r = inventory.get("items/" + quote(item, safe=""))
    return {"qty": r.json().get("qty")}
