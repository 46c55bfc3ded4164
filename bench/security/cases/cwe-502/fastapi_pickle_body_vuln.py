"""FastAPI: await request.body() unpickled; vulnerable."""
import pickle

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/models/upload")
async def upload_model(request: Request):
    model = pickle.loads(await request.body())
    return {"model": type(model).__name__}
