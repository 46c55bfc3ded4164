"""FastAPI: the name must fully match [a-z0-9-]+\\.pdf (else 400) before FileResponse; safe."""
import re

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
NAME = re.compile(r"[a-z0-9-]+\.pdf")


@app.get("/manuals")
def manual(name: str):
    if not NAME.fullmatch(name):
        raise HTTPException(status_code=400, detail="bad file name")
    return FileResponse("/srv/manuals/" + name, media_type="application/pdf")
