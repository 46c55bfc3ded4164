"""FastAPI: the threshold is converted with float() before it is formatted into the shell command; safe."""
import subprocess

from fastapi import FastAPI, Query

app = FastAPI()


@app.get("/load")
def load(threshold: str = Query("0.5")):
    limit = float(threshold)
    out = subprocess.check_output(f"awk '$1 > {limit}' /proc/loadavg", shell=True, text=True)
    return {"over": bool(out.strip())}
