"""FastAPI: a str body parameter encoded and parsed with an entity-resolving lxml parser; vulnerable."""
from fastapi import Body, FastAPI
from lxml import etree

app = FastAPI()
RESOLVING = etree.XMLParser(resolve_entities=True, load_dtd=True)


@app.post("/config/xml")
def xml_config(document: str = Body(..., media_type="application/xml")):
    root = etree.fromstring(document.encode(), RESOLVING)
    return {"settings": {c.tag: c.text for c in root}}
