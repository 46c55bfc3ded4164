"""Flask: lxml parser with resolve_entities=True and network access parses the request body; vulnerable."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/invoices")
def import_invoice():
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    root = etree.fromstring(request.data, parser)
    return {"total": root.findtext("total")}
