"""FastAPI: the query value is overwritten by a constant predicate before the XPath; safe."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
DOC = etree.parse("/srv/data/events.xml")


@app.get("/events")
def events(q: str = ""):
    predicate = q
    predicate = "@public='true'"
    return {"events": [e.get("id") for e in DOC.xpath("//event[" + predicate + "]")], "q": q}
