"""FastAPI: a str body field parsed with yaml.load(Loader=yaml.UnsafeLoader); vulnerable."""
import yaml
from fastapi import Body, FastAPI

app = FastAPI()


@app.post("/manifests")
def manifest(document: str = Body(..., media_type="text/yaml")):
    data = yaml.load(document, Loader=yaml.UnsafeLoader)
    return {"kind": data.get("kind")}
