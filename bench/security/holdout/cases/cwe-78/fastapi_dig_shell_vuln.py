"""FastAPI: domain query parameter interpolated into an asyncio shell subprocess running dig; vulnerable."""
import asyncio

from fastapi import FastAPI

app = FastAPI()


@app.get("/dns")
async def resolve(domain: str, record: str = "A"):
    line = f"dig +short {domain} {record}"
    proc = await asyncio.create_subprocess_shell(line, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    return {"answers": out.decode().split()}
