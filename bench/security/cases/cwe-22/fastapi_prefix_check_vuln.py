"""FastAPI: a startswith check on the raw name does not stop `exports/../../etc/passwd`; vulnerable."""
from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/files")
def read_file(name: str):
    if not name.startswith("exports/"):
        raise HTTPException(status_code=403)
    with open("/srv/data/" + name) as fh:
        return {"content": fh.read()}
