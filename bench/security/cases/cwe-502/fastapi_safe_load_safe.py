"""FastAPI: yaml.safe_load of the request body; safe."""
import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/manifests")
async def manifest(request: Request):
    data = yaml.safe_load(await request.body())
    return {"kind": data.get("kind")}
