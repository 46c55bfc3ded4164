"""FastAPI: CR/LF and other control characters are stripped with re.sub before logging; safe."""
import logging
import re

from fastapi import FastAPI, Request

app = FastAPI()
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@app.middleware("http")
async def log_referer(request: Request, call_next):
    referer = CONTROL.sub("", request.headers.get("referer", ""))
    logging.info("referer: %s", referer)
    return await call_next(request)
