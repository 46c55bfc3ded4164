"""Flask: posted XML parsed with defusedxml.ElementTree, which forbids entities and DTDs; safe."""
from defusedxml import ElementTree as SafeET
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/orders/xml", methods=["POST"])
def orders_xml():
    root = SafeET.fromstring(request.data)
    return jsonify({"orders": [o.get("id") for o in root.findall("order")]})
