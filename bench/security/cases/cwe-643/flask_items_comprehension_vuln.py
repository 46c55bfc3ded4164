"""Flask: attribute conditions built from query pairs in a list comprehension and joined into an XPath; vulnerable."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("/srv/data/products.xml")


@app.get("/products/find")
def find():
    conditions = [f"@{key}='{value}'" for key, value in request.args.items()]
    expr = "//product[" + " and ".join(conditions) + "]" if conditions else "//product"
    return {"skus": [p.get("sku") for p in DOC.xpath(expr)]}
