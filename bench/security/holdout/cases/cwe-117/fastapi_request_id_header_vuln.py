"""FastAPI: X-Request-ID header passed as a %s logging argument, so CR/LF in it forge log lines; vulnerable."""
import logging

from fastapi import FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/orders")
def orders(x_request_id: str = Header(default="-")):
    logger.info("listing orders request_id=%s", x_request_id)
    return {"orders": []}
