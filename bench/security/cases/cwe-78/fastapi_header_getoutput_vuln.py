"""FastAPI: a request header value run through subprocess.getoutput; vulnerable."""
import subprocess

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/archive")
async def archive(request: Request):
    name = request.headers.get("x-archive-name", "latest")
    listing = subprocess.getoutput("unzip -l /srv/archives/" + name + ".zip")
    return {"listing": listing}
