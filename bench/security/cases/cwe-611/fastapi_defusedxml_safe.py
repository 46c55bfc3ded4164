"""FastAPI: await request.body() parsed with defusedxml.ElementTree; safe."""
from defusedxml.ElementTree import fromstring
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/orders.xml")
async def orders_xml(request: Request):
    root = fromstring(await request.body())
    return {"orders": [o.get("id") for o in root.iter("order")]}
