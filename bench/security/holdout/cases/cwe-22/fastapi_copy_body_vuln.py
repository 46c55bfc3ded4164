"""FastAPI: source and destination from a JSON body dict joined onto a base and passed to shutil.copy; vulnerable."""
import os
import shutil

from fastapi import Body, FastAPI

app = FastAPI()
BASE = "/srv/workspace"


@app.post("/files/copy")
def copy_file(spec: dict = Body(...)):
    src = os.path.join(BASE, spec.get("src", ""))
    dst = os.path.join(BASE, spec.get("dst", ""))
    shutil.copy(src, dst)
    return {"copied": True}
