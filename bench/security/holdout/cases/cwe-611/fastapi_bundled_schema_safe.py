"""FastAPI: entity-resolving lxml parser only reads a bundled server file chosen from a constant map by the query key; safe."""
from fastapi import FastAPI, HTTPException
from lxml import etree

app = FastAPI()
SCHEMAS = {"invoice": "/srv/app/schemas/invoice.xsd", "order": "/srv/app/schemas/order.xsd"}
PARSER = etree.XMLParser(load_dtd=True, resolve_entities=True)


@app.get("/schemas/{kind}")
def schema_info(kind: str):
    path = SCHEMAS.get(kind)
    if path is None:
        raise HTTPException(status_code=404)
    tree = etree.parse(path, PARSER)
    return {"elements": len(tree.getroot())}
