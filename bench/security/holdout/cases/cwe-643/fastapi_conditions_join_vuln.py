"""FastAPI: predicates from query parameters collected in a list and joined with ' and ' into an xpath query; vulnerable."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
TREE = etree.parse("/srv/data/inventory.xml")


@app.get("/inventory/search")
def search(color: str = "", size: str = ""):
    conditions = ["@active='1'"]
    if color:
        conditions.append(f"@color='{color}'")
    if size:
        conditions.append(f"@size='{size}'")
    query = "//product[" + " and ".join(conditions) + "]/@id"
    return {"ids": [str(i) for i in TREE.xpath(query)]}
