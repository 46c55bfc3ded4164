"""FastAPI: page number is a query parameter typed int and is the only request value logged; safe."""
import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/articles")
def articles(page: int = 1, per_page: int = 20):
    logger.info("articles page=%d per_page=%d", page, per_page)
    return {"page": page, "items": []}
