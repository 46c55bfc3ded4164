"""Flask: importer class parses the request body with an lxml parser that loads DTDs and resolves entities; vulnerable."""
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


class Importer:
    def __init__(self):
        self.parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False)

    def load(self, data):
        self.doc = etree.fromstring(data, self.parser)
        return self.doc


@app.route("/import/xml", methods=["POST"])
def import_xml():
    imp = Importer()
    root = imp.load(request.get_data())
    return jsonify({"root": root.tag, "text": root.findtext("name")})
