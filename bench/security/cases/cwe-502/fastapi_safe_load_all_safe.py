"""FastAPI: a multi-document YAML upload read with yaml.safe_load_all; safe."""
import yaml
from fastapi import FastAPI, File, UploadFile

app = FastAPI()


@app.post("/manifests/bulk")
async def bulk(upload: UploadFile = File(...)):
    docs = list(yaml.safe_load_all(await upload.read()))
    return {"documents": len(docs)}
