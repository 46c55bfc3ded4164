"""FastAPI: a dict stores the query value and a constant; the shell runs the constant key; safe."""
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health(check: str = "disk"):
    config = {"requested": check, "command": "uptime"}
    out = subprocess.check_output(config["command"], shell=True, text=True)
    return {"requested": config["requested"], "uptime": out.strip()}
