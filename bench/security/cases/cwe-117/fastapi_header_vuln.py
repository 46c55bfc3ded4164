"""FastAPI: a Request header logged through the root logging module; vulnerable."""
import logging

from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def log_referer(request: Request, call_next):
    referer = request.headers.get("referer", "")
    logging.info("referer: %s", referer)
    return await call_next(request)
