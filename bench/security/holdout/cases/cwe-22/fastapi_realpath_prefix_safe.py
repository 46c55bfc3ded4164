"""FastAPI: realpath of the joined path must start with the base plus a separator before the file is opened; safe."""
import os

from fastapi import FastAPI, HTTPException

app = FastAPI()
BASE = os.path.realpath("/srv/templates")


@app.get("/templates/source")
def template_source(name: str):
    full = os.path.realpath(os.path.join(BASE, name))
    if not full.startswith(BASE + os.sep):
        raise HTTPException(status_code=404)
    with open(full, encoding="utf-8") as fh:
        return {"source": fh.read()}
