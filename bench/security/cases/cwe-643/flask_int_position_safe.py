"""Flask: an index converted with int() before it goes into the XPath; safe."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
FEED = etree.parse("/srv/data/feed.xml")


@app.get("/feed/item")
def item():
    n = int(request.args.get("n", "1"))
    titles = FEED.xpath("//item[%d]/title/text()" % n)
    return {"title": titles[0] if titles else None}
