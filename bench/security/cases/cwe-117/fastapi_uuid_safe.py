"""FastAPI: the job id is parsed with uuid.UUID before it is logged; safe."""
import logging
import uuid

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


@app.post("/jobs/{job_id}/retry")
def retry(job_id: str):
    jid = uuid.UUID(job_id)
    log.info(f"retrying job {jid}")
    return {"job": str(jid)}
