"""FastAPI: `item_id: int` is validated by FastAPI; only the int goes into a fixed-host URL; safe."""
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/stock/{item_id}")
def stock(item_id: int):
    r = requests.get("https://inventory.internal.example/items/%d" % item_id, timeout=5)
    return {"qty": r.json()["qty"]}
