"""FastAPI: a str query parameter in an f-string xpath(); vulnerable."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
DOC = etree.parse("/srv/data/devices.xml")


@app.get("/devices")
def devices(owner: str):
    return {"serials": DOC.xpath(f"//device[owner='{owner}']/@serial")}
