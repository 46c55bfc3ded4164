"""Flask: an uploaded file parsed by lxml with DTD loading and entity resolution; vulnerable."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DTD_PARSER = etree.XMLParser(load_dtd=True, resolve_entities=True, dtd_validation=False)


@app.post("/feeds/upload")
def upload_feed():
    tree = etree.parse(request.files["feed"].stream, DTD_PARSER)
    return {"items": len(tree.findall(".//item"))}
