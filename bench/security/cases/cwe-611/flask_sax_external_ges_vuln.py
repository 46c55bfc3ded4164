"""Flask: xml.sax with external general entities turned on parses the posted XML; vulnerable."""
import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from flask import Flask, request

app = Flask(__name__)


class Counter(ContentHandler):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def startElement(self, name, attrs):
        self.elements += 1


@app.post("/count")
def count():
    handler = Counter()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.feed(request.get_data())
    parser.close()
    return {"elements": handler.elements}
