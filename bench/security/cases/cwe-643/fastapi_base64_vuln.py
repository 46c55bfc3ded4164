"""FastAPI: a base64 query parameter decoded and used as an XPath predicate; vulnerable."""
import base64

from fastapi import FastAPI
from lxml import etree

app = FastAPI()
DOC = etree.parse("/srv/data/events.xml")


@app.get("/events")
def events(q: str = ""):
    predicate = base64.b64decode(q).decode() if q else "true()"
    return {"events": [e.get("id") for e in DOC.xpath("//event[" + predicate + "]")]}
