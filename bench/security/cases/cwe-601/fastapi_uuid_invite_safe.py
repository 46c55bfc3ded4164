"""FastAPI: an invite token parsed with uuid.UUID, then used in a path on our own host; safe."""
import uuid

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/i/{token}")
def invite(token: str):
    return RedirectResponse(f"https://app.example.com/invites/{uuid.UUID(token)}")
