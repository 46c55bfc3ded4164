"""FastAPI: link preview fetches the URL from a pydantic body with an async httpx client; vulnerable."""
import httpx
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class PreviewRequest(BaseModel):
    url: str
    max_bytes: int = 4096


@app.post("/preview")
async def preview(req: PreviewRequest):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(req.url)
    return {"title": resp.text[: req.max_bytes]}
