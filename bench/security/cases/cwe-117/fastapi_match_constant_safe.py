"""FastAPI: a match on the query value assigns a constant label; only the label is logged; safe."""
import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/export")
def export(fmt: str = "csv"):
    match fmt:
        case "csv" | "tsv":
            label = "delimited"
        case "xlsx":
            label = "spreadsheet"
        case _:
            label = "other"
    logger.info("export requested: %s", label)
    return {"format": fmt}
