"""FastAPI: a str query parameter logged with an f-string; vulnerable."""
import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/export")
def export(fmt: str = "csv"):
    logger.info(f"export requested in format {fmt}")
    return {"format": fmt}
