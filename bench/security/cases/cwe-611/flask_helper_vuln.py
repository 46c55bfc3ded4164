"""Flask: a helper parses XML from a form field with an entity-resolving lxml parser; vulnerable."""
from flask import Flask, request
from lxml import etree


def parse_document(text):
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    return etree.fromstring(text.encode("utf-8"), parser=parser)


app = Flask(__name__)


@app.post("/svg/validate")
def validate_svg():
    root = parse_document(request.form["svg"])
    return {"tag": root.tag}
