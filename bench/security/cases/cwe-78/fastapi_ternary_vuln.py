"""FastAPI: a conditional expression whose taken branch holds the user value, run with shell=True; vulnerable."""
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/disk")
def disk(mount: str = "", verbose: bool = False):
    cmd = f"df -h {mount}" if mount else "df -h"
    out = subprocess.check_output(cmd, shell=True, text=True)
    return {"df": out if verbose else out.splitlines()[-1]}
