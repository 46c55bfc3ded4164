"""FastAPI: an image URL parameter fetched with aiohttp.ClientSession; vulnerable."""
import aiohttp
from fastapi import FastAPI, Response

app = FastAPI()


@app.get("/thumb")
async def thumb(image_url: str):
    async with aiohttp.ClientSession() as session:
        async with session.get(image_url) as resp:
            data = await resp.read()
    return Response(data, media_type="image/jpeg")
