"""Flask: lxml iterparse over an uploaded stream with load_dtd and resolve_entities on; vulnerable."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/sitemaps")
def sitemap_count():
    stream = request.files["sitemap"].stream
    urls = 0
    for _event, elem in etree.iterparse(stream, load_dtd=True, resolve_entities=True, no_network=False):
        if elem.tag.endswith("loc"):
            urls += 1
    return {"urls": urls}
