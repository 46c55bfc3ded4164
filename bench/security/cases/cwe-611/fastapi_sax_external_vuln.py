"""FastAPI: xml.sax with feature_external_ges enabled parses the request body stream; vulnerable."""
import io
import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

from fastapi import FastAPI, Request

app = FastAPI()


class Titles(ContentHandler):
    def __init__(self):
        super().__init__()
        self.titles, self._in = [], False

    def startElement(self, name, attrs):
        self._in = name == "title"

    def characters(self, content):
        if self._in:
            self.titles.append(content)


@app.post("/rss")
async def rss(request: Request):
    handler = Titles()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(await request.body()))
    return {"titles": handler.titles}
