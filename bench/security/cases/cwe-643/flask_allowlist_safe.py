"""Flask: the category must be in a fixed set (else 404) before the XPath is formatted; safe."""
from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/data/catalog.xml").getroot()
CATEGORIES = frozenset({"books", "music", "games"})


@app.post("/catalog/query")
def query():
    category = request.get_json().get("category", "")
    if category not in CATEGORIES:
        abort(404)
    return {"skus": CATALOG.xpath("//product[@category='%s']/@sku" % category)}
