"""FastAPI: uploaded YAML file parsed with yaml.safe_load; safe."""
import yaml
from fastapi import FastAPI, File, UploadFile

app = FastAPI()


@app.post("/manifests")
async def upload_manifest(file: UploadFile = File(...)):
    content = await file.read()
    manifest = yaml.safe_load(content)
    return {"name": manifest.get("name") if isinstance(manifest, dict) else None}
