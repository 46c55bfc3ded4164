"""FastAPI: a base64 header decoded and read through pickle.Unpickler; vulnerable."""
import base64
import io
import pickle

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/resume")
async def resume(request: Request):
    token = request.headers.get("x-resume-token", "")
    buf = io.BytesIO(base64.b64decode(token))
    state = pickle.Unpickler(buf).load()
    return {"step": state["step"]}
