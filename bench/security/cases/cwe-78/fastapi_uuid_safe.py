"""FastAPI: the job id is validated with uuid.UUID before it is put into a shell command; safe."""
import subprocess
import uuid

from fastapi import FastAPI

app = FastAPI()


@app.delete("/jobs/{job_id}")
def cancel_job(job_id: str):
    jid = uuid.UUID(job_id)
    subprocess.run(f"jobctl cancel {jid}", shell=True, check=True)
    return {"cancelled": str(jid)}
