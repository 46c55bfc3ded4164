"""FastAPI: an UploadFile parsed by lxml with DTD loading and entity resolution; vulnerable."""
from fastapi import FastAPI, File, UploadFile
from lxml import etree

app = FastAPI()


@app.post("/gpx")
def upload_gpx(track: UploadFile = File(...)):
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False)
    tree = etree.parse(track.file, parser)
    return {"points": len(tree.findall(".//{*}trkpt"))}
