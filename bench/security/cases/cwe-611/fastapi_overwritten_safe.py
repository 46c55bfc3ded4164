"""FastAPI: the body string is replaced by a constant document before the entity-resolving parse; safe."""
from fastapi import Body, FastAPI
from lxml import etree

app = FastAPI()
DEFAULT_CONFIG = "<config><mode>read-only</mode></config>"


@app.post("/config/xml")
def xml_config(document: str = Body("", media_type="application/xml")):
    size = len(document)
    document = DEFAULT_CONFIG
    root = etree.fromstring(document.encode(), etree.XMLParser(resolve_entities=True))
    return {"mode": root.findtext("mode"), "ignored_bytes": size}
