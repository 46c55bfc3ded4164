"""FastAPI: minidom.parseString with a SAX parser that has external general entities on; vulnerable."""
from xml.dom import minidom
from xml.sax import make_parser
from xml.sax.handler import feature_external_ges

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/opml")
async def opml(request: Request):
    sax = make_parser()
    sax.setFeature(feature_external_ges, True)
    doc = minidom.parseString(await request.body(), parser=sax)
    return {"outlines": len(doc.getElementsByTagName("outline"))}
