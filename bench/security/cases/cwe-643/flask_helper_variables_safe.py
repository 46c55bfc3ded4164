"""Flask: a helper runs a constant XPath with the value bound as $value; safe."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("/srv/data/products.xml")


def by_attr(attr_value):
    return DOC.xpath("//product[@brand=$value]", value=attr_value)


@app.get("/products/brand")
def brand():
    return {"skus": [p.get("sku") for p in by_attr(request.args.get("brand", ""))]}
