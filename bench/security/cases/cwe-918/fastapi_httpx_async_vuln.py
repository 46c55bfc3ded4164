"""FastAPI: an async httpx GET to a str query parameter; vulnerable."""
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/unfurl")
async def unfurl(url: str):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(url)
    return {"title": resp.text[:200]}
