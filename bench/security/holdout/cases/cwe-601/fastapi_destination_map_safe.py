"""FastAPI: destination key looked up in a dict of constant URLs with a default before RedirectResponse; safe."""
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
DESTINATIONS = {
    "docs": "https://docs.example.com/",
    "status": "https://status.example.com/",
}


@app.get("/jump")
def jump(dest: str = "docs"):
    return RedirectResponse(DESTINATIONS.get(dest, "/"))
