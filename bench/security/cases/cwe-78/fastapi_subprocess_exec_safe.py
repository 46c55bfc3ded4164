"""FastAPI: asyncio.create_subprocess_exec with separate arguments (no shell) for a Request value; safe."""
import asyncio

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/convert")
async def convert(request: Request):
    form = await request.form()
    title = str(form["title"])
    proc = await asyncio.create_subprocess_exec("pandoc", "--metadata", f"title={title}", "/srv/docs/readme.md")
    await proc.wait()
    return {"exit": proc.returncode}
