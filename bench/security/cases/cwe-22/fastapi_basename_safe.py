"""FastAPI: the path parameter is reduced with os.path.basename before FileResponse; safe."""
import os

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()
STATIC = "/srv/static"


@app.get("/avatars/{name}")
def avatar(name: str):
    return FileResponse(os.path.join(STATIC, "avatars", os.path.basename(name)))
