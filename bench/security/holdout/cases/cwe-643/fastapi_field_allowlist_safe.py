"""FastAPI: field name must be one of a fixed set (HTTP 400 otherwise) before it is used as an xpath step; safe."""
from fastapi import FastAPI, HTTPException
from lxml import etree

app = FastAPI()
TREE = etree.parse("/srv/data/catalog.xml")
FIELDS = frozenset({"title", "author", "year"})


@app.get("/catalog/column")
def column(field: str = "title"):
    if field not in FIELDS:
        raise HTTPException(status_code=400)
    return {"values": [str(v) for v in TREE.xpath(f"//book/{field}/text()")]}
