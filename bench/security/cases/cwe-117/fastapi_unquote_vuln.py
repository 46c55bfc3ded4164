"""FastAPI: a path parameter URL-unquoted (%0a becomes a newline) and logged; vulnerable."""
import logging
from urllib.parse import unquote

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


@app.delete("/files/{name}")
def delete_file(name: str):
    shown = unquote(name)
    log.warning("delete requested for " + shown)
    return {"queued": True}
