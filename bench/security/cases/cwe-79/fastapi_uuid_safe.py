"""FastAPI: the path parameter parsed with uuid.UUID before going into the HTML; safe."""
import uuid

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/orders/{order_id}")
def order_page(order_id: str):
    oid = uuid.UUID(order_id)
    return HTMLResponse(f"<h1>Order {oid}</h1>")
