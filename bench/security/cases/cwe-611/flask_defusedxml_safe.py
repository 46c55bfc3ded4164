"""Flask: the request body parsed with defusedxml.ElementTree; safe."""
from defusedxml import ElementTree
from flask import Flask, request

app = Flask(__name__)


@app.post("/invoices")
def import_invoice():
    root = ElementTree.fromstring(request.data)
    return {"total": root.findtext("total")}
