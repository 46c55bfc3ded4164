"""FastAPI: the body field is overwritten by a constant before it is logged; safe."""
import logging

from fastapi import FastAPI, Request

app = FastAPI()
logger = logging.getLogger(__name__)


@app.post("/import")
async def run_import(request: Request):
    body = await request.json()
    source = body.get("source", "")
    source = "api"
    logger.info("import started from %s", source)
    return {"ok": True, "bytes": len(body)}
