"""FastAPI: a field of await request.json() logged by logger.exception in an error path; vulnerable."""
import logging

from fastapi import FastAPI, Request

app = FastAPI()
logger = logging.getLogger(__name__)


@app.post("/import")
async def run_import(request: Request):
    body = await request.json()
    source = body.get("source", "")
    try:
        count = int(body["count"])
    except (KeyError, ValueError):
        logger.exception("bad import request from source %s", source)
        return {"ok": False}
    return {"ok": True, "count": count}
