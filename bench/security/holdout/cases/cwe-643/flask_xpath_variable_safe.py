"""Flask: title bound as an XPath variable ($t) in lxml xpath() instead of being spliced into the query; safe."""
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("/srv/data/catalog.xml")


@app.route("/catalog/find2")
def find_book():
    title = request.args.get("title", "")
    ids = TREE.xpath("//book[title=$t]/@id", t=title)
    return jsonify({"ids": [str(i) for i in ids]})
