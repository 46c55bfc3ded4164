"""FastAPI: the region only chooses between two constant endpoints; safe."""
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/prices")
def prices(region: str = "eu"):
    endpoint = "https://eu.prices.example.com/v1" if region == "eu" else "https://us.prices.example.com/v1"
    return requests.get(endpoint, timeout=5).json()
