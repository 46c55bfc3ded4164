"""Flask: catalog class interpolates the title into an lxml xpath() query string; vulnerable."""
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


class Catalog:
    def __init__(self, path):
        self.tree = etree.parse(path)

    def by_title(self, title):
        return self.tree.xpath(f"//book[title='{title}']/@id")


@app.route("/catalog/find")
def find_book():
    ids = Catalog("/srv/data/catalog.xml").by_title(request.args.get("title", ""))
    return jsonify({"ids": [str(i) for i in ids]})
