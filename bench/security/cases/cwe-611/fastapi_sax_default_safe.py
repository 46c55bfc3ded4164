"""FastAPI: xml.sax with default features (external general entities off since Python 3.7.1); safe."""
import xml.sax
from xml.sax.handler import ContentHandler

from fastapi import FastAPI, Request

app = FastAPI()


class Counter(ContentHandler):
    def __init__(self):
        super().__init__()
        self.n = 0

    def startElement(self, name, attrs):
        self.n += 1


@app.post("/count")
async def count(request: Request):
    handler = Counter()
    xml.sax.parseString(await request.body(), handler)
    return {"elements": handler.n}
