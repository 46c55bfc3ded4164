"""FastAPI: the header blob is replaced with a server constant before pickle.loads; safe."""
import pickle

from fastapi import FastAPI, Request

app = FastAPI()
EMPTY_STATE = pickle.dumps({"step": 0})


@app.get("/resume")
async def resume(request: Request):
    blob = request.headers.get("x-state", "").encode()
    blob = EMPTY_STATE
    return pickle.loads(blob)
