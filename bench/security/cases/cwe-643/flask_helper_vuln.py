"""Flask: a helper formats a category into an XPath for the catalog; the view passes JSON data; vulnerable."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/data/catalog.xml").getroot()


def products_in(category):
    return CATALOG.xpath("//product[@category='%s']/@sku" % category)


@app.post("/catalog/query")
def query():
    return {"skus": products_in(request.get_json()["category"])}
