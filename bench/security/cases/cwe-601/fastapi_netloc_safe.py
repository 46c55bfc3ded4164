"""FastAPI: the next parameter's urlparse().netloc must be in an allow-list (else 400); safe."""
from urllib.parse import urlparse

from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI()
TRUSTED = {"app.example.com", "docs.example.com"}


@app.get("/out")
def outbound(next: str = "https://app.example.com/"):
    parts = urlparse(next)
    if parts.scheme not in ("http", "https") or parts.netloc not in TRUSTED:
        raise HTTPException(status_code=400, detail="untrusted redirect")
    return RedirectResponse(url=next)
