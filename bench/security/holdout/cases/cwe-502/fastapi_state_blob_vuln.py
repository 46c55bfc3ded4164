"""FastAPI: state field of a pydantic body base64-decoded, zlib-decompressed and unpickled; vulnerable."""
import base64
import pickle
import zlib

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Resume(BaseModel):
    job_id: str
    state: str


@app.post("/jobs/resume")
def resume(body: Resume):
    blob = base64.b64decode(body.state)
    state = pickle.loads(zlib.decompress(blob))
    return {"job": body.job_id, "step": getattr(state, "step", None)}
