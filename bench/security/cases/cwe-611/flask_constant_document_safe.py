"""Flask: an entity-resolving parser reads a constant server file; the user value is only set as text; safe."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TEMPLATE_PARSER = etree.XMLParser(resolve_entities=True, load_dtd=True)


@app.post("/export")
def export():
    tree = etree.parse("/srv/templates/export.xml", TEMPLATE_PARSER)
    tree.getroot().find("customer").text = request.form.get("customer", "")
    return etree.tostring(tree), 200, {"Content-Type": "application/xml"}
