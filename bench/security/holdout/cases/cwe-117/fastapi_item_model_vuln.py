"""FastAPI: rejected item name from a pydantic body logged in an f-string at error level; vulnerable."""
import logging

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
log = logging.getLogger("inventory")


class Item(BaseModel):
    name: str
    qty: int


@app.post("/items")
def add_item(item: Item):
    if item.qty <= 0:
        log.error(f"rejected item {item.name}: quantity {item.qty}")
        return {"ok": False}
    return {"ok": True}
