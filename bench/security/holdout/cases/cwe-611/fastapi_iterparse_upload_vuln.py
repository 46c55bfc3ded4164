"""FastAPI: uploaded XML streamed through lxml iterparse with load_dtd and resolve_entities enabled; vulnerable."""
from fastapi import FastAPI, File, UploadFile
from lxml import etree

app = FastAPI()


@app.post("/catalog/upload")
async def upload_catalog(file: UploadFile = File(...)):
    titles = []
    for _, elem in etree.iterparse(file.file, events=("end",), tag="title", load_dtd=True, resolve_entities=True):
        titles.append(elem.text)
    return {"titles": titles}
