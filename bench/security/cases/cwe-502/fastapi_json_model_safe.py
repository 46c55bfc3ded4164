"""FastAPI: the body is parsed as JSON into a pydantic model; pickle is used only for a server cache write; safe."""
import pickle

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
CACHE = {}


class Order(BaseModel):
    sku: str
    qty: int


@app.post("/orders")
def create_order(order: Order):
    CACHE[order.sku] = pickle.dumps(order.model_dump())
    return {"cached": len(CACHE)}
