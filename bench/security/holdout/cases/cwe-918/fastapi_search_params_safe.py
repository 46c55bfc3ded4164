"""FastAPI: query text is sent as an encoded params= value to a constant search host; safe."""
import httpx
from fastapi import FastAPI

app = FastAPI()
SEARCH_URL = "https://search.example.com/api/v2/query"


@app.get("/search")
def search(q: str, page: int = 1):
    resp = httpx.get(SEARCH_URL, params={"q": q, "page": page}, timeout=5)
    return resp.json()
