"""FastAPI: a Cookie() parameter logged with logger.critical; vulnerable."""
import logging

from fastapi import Cookie, FastAPI

app = FastAPI()
logger = logging.getLogger("billing")


@app.post("/billing/retry")
def retry_billing(account: str = Cookie("")):
    logger.critical("billing retry for account " + account)
    return {"queued": True}
