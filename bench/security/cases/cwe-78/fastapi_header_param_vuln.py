"""FastAPI: a Header() parameter formatted into an os.popen command; vulnerable."""
import os

from fastapi import FastAPI, Header

app = FastAPI()


@app.post("/deploy")
def deploy(x_release: str = Header(...)):
    out = os.popen(f"cd /srv/app && git checkout {x_release} 2>&1").read()
    return {"output": out}
