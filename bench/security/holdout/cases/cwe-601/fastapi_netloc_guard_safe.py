"""FastAPI: urlsplit netloc of next must equal the app host, else HTTP 400 is raised, before RedirectResponse; safe."""
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI()
APP_HOST = "app.example.com"


@app.get("/auth/callback")
def callback(next: str = "https://app.example.com/"):
    if urlsplit(next).netloc != APP_HOST:
        raise HTTPException(status_code=400, detail="bad redirect")
    return RedirectResponse(next)
