"""Flask: a form field parsed with defusedxml.minidom.parseString; safe."""
from defusedxml.minidom import parseString
from flask import Flask, request

app = Flask(__name__)


@app.post("/svg/validate")
def validate_svg():
    doc = parseString(request.form["svg"])
    return {"tag": doc.documentElement.tagName}
