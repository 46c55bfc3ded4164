"""Flask: xml.sax parser with feature_external_ges turned on parses the posted document; vulnerable."""
import io
import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from flask import Flask, jsonify, request

app = Flask(__name__)


class TextCollector(ContentHandler):
    def __init__(self):
        super().__init__()
        self.chunks = []

    def characters(self, content):
        self.chunks.append(content)


@app.route("/feed/parse", methods=["POST"])
def parse_feed():
    handler = TextCollector()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(request.data))
    return jsonify({"text": "".join(handler.chunks)[:1000]})
