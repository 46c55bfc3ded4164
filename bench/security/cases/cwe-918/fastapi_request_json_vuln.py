"""FastAPI: a callback URL from await request.json() used as a requests.post target; vulnerable."""
import requests
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/jobs")
async def create_job(request: Request):
    data = await request.json()
    callback = data.get("callback")
    requests.post(callback, json={"status": "queued"}, timeout=5)
    return {"queued": True}
