"""FastAPI: API token logged only as a truncated SHA-256 hex digest; safe."""
import hashlib
import logging

from fastapi import FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/me")
def me(authorization: str = Header(default="")):
    fingerprint = hashlib.sha256(authorization.encode()).hexdigest()[:12]
    logger.info("request with token fp=%s", fingerprint)
    return {"ok": True}
