"""FastAPI: await request.body() parsed by lxml with resolve_entities=True; vulnerable."""
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()


@app.post("/orders.xml")
async def orders_xml(request: Request):
    data = await request.body()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=True, no_network=False))
    return {"orders": [o.get("id") for o in root.iter("order")]}
