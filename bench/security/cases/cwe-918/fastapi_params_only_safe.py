"""FastAPI: a Request query value sent as a parameter to a constant URL; safe."""
import httpx
from fastapi import FastAPI, Request

app = FastAPI()
WEATHER = "https://weather.example.com/v2/current"


@app.get("/weather")
async def weather(request: Request):
    city = request.query_params.get("city", "Oslo")
    async with httpx.AsyncClient() as client:
        r = await client.get(WEATHER, params={"city": city})
    return r.json()
