"""FastAPI: raw request body parsed by an lxml parser built with load_dtd and resolve_entities on; vulnerable."""
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()


@app.post("/soap")
async def soap(request: Request):
    body = await request.body()
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True)
    root = etree.fromstring(body, parser)
    return {"action": root.findtext(".//Action")}
