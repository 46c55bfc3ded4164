"""FastAPI: a path parameter URL-unquoted and passed to asyncio's create_subprocess_shell; vulnerable."""
import asyncio
from urllib.parse import unquote

from fastapi import FastAPI

app = FastAPI()


@app.post("/jobs/{spec}")
async def start_job(spec: str):
    target = unquote(spec)
    proc = await asyncio.create_subprocess_shell("make -C /srv/build " + target)
    await proc.wait()
    return {"exit": proc.returncode}
