"""FastAPI: a constant compiled etree.XPath with a $owner variable, called with the parameter; safe."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
DOC = etree.parse("/srv/data/devices.xml")
BY_OWNER = etree.XPath("//device[owner=$owner]/@serial")


@app.get("/devices")
def devices(owner: str):
    return {"serials": BY_OWNER(DOC, owner=owner)}
