"""FastAPI: compression level stored in an options dict and read back by key into a Popen shell string; vulnerable."""
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.post("/compress")
def compress(level: str = "6"):
    opts = {"level": level, "target": "/srv/data/dump.sql"}
    cmd = "gzip -k -" + opts["level"] + " " + opts["target"]
    proc = subprocess.Popen(cmd, shell=True)
    return {"pid": proc.pid}
