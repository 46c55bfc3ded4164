"""Flask: lxml parser explicitly hardened (no entity resolution, no DTD, no network) parses the body; safe."""
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
HARDENED = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@app.route("/svg/inspect", methods=["POST"])
def inspect_svg():
    root = etree.fromstring(request.get_data(), HARDENED)
    return jsonify({"width": root.get("width"), "height": root.get("height")})
