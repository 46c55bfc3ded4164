"""FastAPI: `limit: int` is validated by FastAPI; the int is logged; safe."""
import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/items")
def items(limit: int = 10):
    logger.info("listing items, limit=%d", limit)
    return {"limit": limit}
